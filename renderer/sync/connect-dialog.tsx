import { useState } from 'react';
import { Dialog } from '../ui/dialog.tsx';
import { FieldError, fieldProps, FormError } from '../ui/field-error.tsx';
import { useWorkspace } from '../state/workspace-store.ts';
import { useSync } from './sync-store.ts';

const FIELDS = ['serverUrl', 'email', 'password', 'discardDemo'] as const;

/** Sign in to the company's lead server; the password is sent once and never stored. */
export function ConnectDialog({ onClose }: { onClose: () => void }) {
  const { connect, connecting, error } = useSync();
  const [serverUrl, setServerUrl] = useState('https://');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const isDemo = useWorkspace((s) => s.info?.mode === 'demo');
  const [discardDemo, setDiscardDemo] = useState(false);
  const submit = async () => {
    if (await connect({ serverUrl, email, password, ...(isDemo ? { discardDemo } : {}) })) onClose();
  };
  return (
    <Dialog title="Connect to your lead server" description="Your leads then arrive here and your work syncs, also after working offline." submitLabel="Connect" busy={connecting} onSubmit={() => void submit()} onClose={onClose}>
      <label className="field">
        <span>Server address</span>
        <input {...fieldProps(error, 'serverUrl', 'sync-server')} type="url" data-autofocus value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} />
        <FieldError error={error} field="serverUrl" id="sync-server" label="Server address" />
      </label>
      <label className="field">
        <span>Email</span>
        <input {...fieldProps(error, 'email', 'sync-email')} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        <FieldError error={error} field="email" id="sync-email" label="Email" />
      </label>
      <label className="field">
        <span>Password</span>
        <input {...fieldProps(error, 'password', 'sync-password')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <FieldError error={error} field="password" id="sync-password" label="Password" />
      </label>
      {isDemo && (
        <div className="field">
          <label className="checkbox">
            <input {...fieldProps(error, 'discardDemo', 'sync-discard-demo')} type="checkbox" checked={discardDemo} onChange={(e) => setDiscardDemo(e.target.checked)} />
            <span>Remove the demo workspace from this computer: its leads exist on no server</span>
          </label>
          <FieldError error={error} field="discardDemo" id="sync-discard-demo" label="Demo workspace" />
        </div>
      )}
      <FormError error={error} fields={FIELDS} />
    </Dialog>
  );
}
