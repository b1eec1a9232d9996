import { useState } from 'react';
import { ConnectDialog } from '../sync/connect-dialog.tsx';
import { readableMessage } from '../ui/field-error.tsx';
import { useWorkspace } from '../state/workspace-store.ts';

const DEMO_SIZES = [
  { count: 2_000, hint: 'a typical rep' },
  { count: 10_000, hint: 'a busy team' },
  { count: 100_000, hint: 'stress test' },
];

/** First start: connect to a lead server, or choose a demo workspace or an empty one. */
export function WelcomeScreen() {
  const creating = useWorkspace((s) => s.creating);
  const error = useWorkspace((s) => s.error);
  const createDemo = useWorkspace((s) => s.createDemo);
  const startEmpty = useWorkspace((s) => s.startEmpty);
  const [count, setCount] = useState(2_000);
  const [connecting, setConnecting] = useState(false);
  const busy = creating !== null;

  return (
    <main className="welcome">
      <div className="welcome__card">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">LeadRelay</span>
        </div>
        <h1 className="welcome__title">Welcome. How would you like to start?</h1>
        <div className="welcome__options">
          <section className="welcome__option" aria-labelledby="welcome-demo">
            <h2 id="welcome-demo">Open demo workspace</h2>
            <p>
              A generated lead box with offers, history and notes, to try every feature. It stays on this computer and is
              never sent anywhere.
            </p>
            <fieldset className="size-picker" disabled={busy}>
              <legend className="label">Number of demo leads</legend>
              <div className="size-picker__options">
                {DEMO_SIZES.map(({ count: size, hint }) => (
                  <label key={size} className={`size-picker__option${count === size ? ' size-picker__option--checked' : ''}`}>
                    <input type="radio" name="demo-size" value={size} checked={count === size} onChange={() => setCount(size)} />
                    <span className="size-picker__count">{size.toLocaleString('en-US')}</span>
                    <span className="size-picker__hint">{hint}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void createDemo(count)}>
              {creating === 'demo' ? `Creating ${count.toLocaleString('en-US')} leads…` : 'Open demo workspace'}
            </button>
          </section>
          <section className="welcome__option" aria-labelledby="welcome-empty">
            <h2 id="welcome-empty">Start empty</h2>
            <p>An empty lead box on this computer.</p>
            <button type="button" className="button" disabled={busy} onClick={() => void startEmpty()}>
              {creating === 'empty' ? 'Preparing…' : 'Start empty'}
            </button>
          </section>
          <section className="welcome__option" aria-labelledby="welcome-connect">
            <h2 id="welcome-connect">Connect to your lead server</h2>
            <p>Sign in with your company account: your leads arrive here and your work syncs, also after working offline.</p>
            <button type="button" className="button button--primary" disabled={busy} onClick={() => setConnecting(true)}>
              Connect…
            </button>
            {connecting && <ConnectDialog onClose={() => setConnecting(false)} />}
          </section>
        </div>
        {error && (
          <p className="form-error" role="alert">
            The workspace could not be set up: {readableMessage(error)}
          </p>
        )}
      </div>
    </main>
  );
}
