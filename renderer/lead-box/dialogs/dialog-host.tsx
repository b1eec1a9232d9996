import { useSelection } from '../selection-store.ts';
import { useUi } from '../ui-store.ts';
import { ForwardDialog } from './forward-dialog.tsx';
import { IncubateDialog } from './incubate-dialog.tsx';
import { RejectDialog } from './reject-dialog.tsx';
import { StatusDialog } from './status-dialog.tsx';

const DIALOGS = { reject: RejectDialog, forward: ForwardDialog, status: StatusDialog, incubate: IncubateDialog } as const;

/** Renders the one open action dialog for the lead in the detail pane. */
export function DialogHost() {
  const dialog = useUi((s) => s.dialog);
  const lead = useSelection((s) => s.detail?.lead ?? null);
  if (!dialog || !lead) return null;
  const Component = DIALOGS[dialog];
  return <Component key={`${dialog}-${lead.id}`} lead={lead} />;
}
