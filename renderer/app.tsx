import { lazy, Suspense, useEffect } from 'react';
import { LeadBox } from './lead-box/lead-box.tsx';
import { discardPrefetch } from './lead-box/rows-store.ts';
import { useSession } from './state/session-store.ts';
import { useView } from './state/view-store.ts';
import { useWorkspace } from './state/workspace-store.ts';
import { StatePanel } from './ui/state-panel.tsx';
import { readableMessage } from './ui/field-error.tsx';
import { UnauthorizedScreen } from './welcome/unauthorized-screen.tsx';
import { WelcomeScreen } from './welcome/welcome-screen.tsx';

// The rule editor (and the engine it runs for checks) loads on first use, not with the lead box.
const RulesView = lazy(() => import('./rules/rules-view.tsx').then((m) => ({ default: m.RulesView })));

export function App() {
  const unauthorized = useSession((s) => s.unauthorized);
  const phase = useWorkspace((s) => s.phase);
  const info = useWorkspace((s) => s.info);
  const error = useWorkspace((s) => s.error);
  const load = useWorkspace((s) => s.load);
  const view = useView((s) => s.view);

  useEffect(() => {
    if (info?.needsSetup) discardPrefetch();
  }, [info?.needsSetup]);

  if (unauthorized) return <UnauthorizedScreen />;
  if (!info) {
    return (
      <div className="app-centre">
        {phase === 'error' && error ? (
          <StatePanel title="LeadRelay could not open your workspace" tone="error" action={{ label: 'Try again', onClick: () => void load() }}>
            <p>{readableMessage(error)}</p>
          </StatePanel>
        ) : (
          <StatePanel title="Opening your workspace…" busy />
        )}
      </div>
    );
  }
  if (info.needsSetup) return <WelcomeScreen />;
  if (view === 'rules') {
    return (
      <Suspense fallback={<div className="app-centre"><StatePanel title="Opening your rules…" busy /></div>}>
        <RulesView />
      </Suspense>
    );
  }
  return <LeadBox />;
}
