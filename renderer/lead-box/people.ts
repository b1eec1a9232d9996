import { useColleagues } from './colleagues-store.ts';
import { useWorkspace } from '../state/workspace-store.ts';

/** Turns user ids in leads and history into names: "You" for the rep, else a colleague. */
export function useNameOf(): (id: string | null) => string | null {
  const me = useWorkspace((s) => s.info?.user);
  const colleagues = useColleagues((s) => s.colleagues);
  return (id) => {
    if (id === null) return null;
    if (me && id === me.id) return `You (${me.name})`;
    return colleagues?.find((c) => c.id === id)?.name ?? id;
  };
}
