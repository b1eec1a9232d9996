import { useState } from 'react';
import { Dialog } from '../ui/dialog.tsx';
import { FieldError, fieldProps, FormError } from '../ui/field-error.tsx';
import { useSync } from './sync-store.ts';

const FIELDS = ['serverUrl', 'email', 'password'] as const;

/** Sign in to the company's lead server; the password is sent once and never stored. */
export function ConnectDialog({ onClose }: { onClose: () => void }) {
  const { connect, connecting, error } = useSync();
  const [serverUrl, setServerUrl] = useState('https://');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = async () => {
    if (await connect({ serverUrl, email, password })) onClose();
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
      <FormError error={error} fields={FIELDS} />
    </Dialog>
  );
}
