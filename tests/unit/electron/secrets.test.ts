import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSafeStorageCodec, SecretsUnavailableError, type SafeStorageLike } from '../../../main/electron/safe-storage-codec.ts';
import { FileSecretStore, MemorySecretStore, type SecretStore } from '../../../main/services/secrets.ts';

const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'leadrelay-secrets-')), 'nested', 'secrets.json');

/** A stand-in keychain: reversible, but the stored bytes never contain the plain text. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: string[] } {
  const calls: string[] = [];
  const key = 0x5a;
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ key));
  return {
    calls,
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (plain) => {
      calls.push('encrypt');
      return Buffer.concat([Buffer.from('v10'), xor(Buffer.from(plain, 'utf8'))]);
    },
    decryptStringAsync: async (encrypted) => {
      calls.push('decrypt');
      return { result: xor(encrypted.subarray(3)).toString('utf8'), shouldReEncrypt: false };
    },
  };
}

async function behavesAsASecretStore(store: SecretStore): Promise<void> {
  expect(await store.get('mail.imap.password')).toBeNull();
  await store.set('mail.imap.password', 'hunter2 ✓');
  await store.set('server.token', 't0k3n');
  expect(await store.get('mail.imap.password')).toBe('hunter2 ✓');
  await store.set('mail.imap.password', 'changed');
  expect(await store.get('mail.imap.password')).toBe('changed');
  await store.delete('mail.imap.password');
  await store.delete('mail.imap.password');
  expect(await store.get('mail.imap.password')).toBeNull();
  expect(await store.get('server.token')).toBe('t0k3n');
  await expect(store.set('../etc/passwd', 'x')).rejects.toThrow(/secret key/);
  await expect(store.get('__proto__ ')).rejects.toThrow(/secret key/);
  await expect(store.set('ok.key', 42 as unknown as string)).rejects.toThrow(/secret value/);
}

describe('MemorySecretStore', () => {
  it('is a SecretStore', () => behavesAsASecretStore(new MemorySecretStore()));
});

describe('FileSecretStore (plain Node, unencrypted)', () => {
  it('is a SecretStore that survives a restart', async () => {
    const file = tempFile();
    await behavesAsASecretStore(new FileSecretStore(file));
    expect(await new FileSecretStore(file).get('server.token')).toBe('t0k3n');
  });

  it('keeps the file readable by its owner only', async () => {
    const file = tempFile();
    await new FileSecretStore(file).set('server.token', 'abc');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o077).toBe(0);
  });

  it('refuses to overwrite a file it does not understand', async () => {
    const file = tempFile();
    await new FileSecretStore(file).set('a', '1');
    writeFileSync(file, '["not", "ours"]');
    await expect(new FileSecretStore(file).set('b', '2')).rejects.toThrow(/not a JSON object of strings/);
    expect(readFileSync(file, 'utf8')).toBe('["not", "ours"]');
  });
});

describe('FileSecretStore with the safeStorage codec (the Electron build)', () => {
  it('is a SecretStore and writes only ciphertext', async () => {
    const file = tempFile();
    const safeStorage = fakeSafeStorage();
    await behavesAsASecretStore(new FileSecretStore(file, createSafeStorageCodec(safeStorage, 'linux')));
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('t0k3n');
    expect(JSON.parse(onDisk)).toEqual({ 'server.token': Buffer.concat([Buffer.from('v10'), Buffer.from('t0k3n').map((b) => b ^ 0x5a)]).toString('base64') });
    expect(safeStorage.calls).toContain('encrypt');
  });

  it('refuses to store or read anything when no keychain is available', async () => {
    const file = tempFile();
    const store = new FileSecretStore(file, createSafeStorageCodec(fakeSafeStorage({ available: false }), 'darwin'));
    await expect(store.set('server.token', 'abc')).rejects.toBeInstanceOf(SecretsUnavailableError);
    await expect(store.set('server.token', 'abc')).rejects.toThrow(/never written unencrypted/);
    expect(() => statSync(file)).toThrow();
  });

  it("treats Linux's basic_text fallback (a hard-coded key) as no encryption", async () => {
    const codec = createSafeStorageCodec(fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    await expect(codec.encode('abc')).rejects.toBeInstanceOf(SecretsUnavailableError);
    const elsewhere = createSafeStorageCodec(fakeSafeStorage({ backend: 'basic_text' }), 'win32');
    expect(await elsewhere.decode(await elsewhere.encode('abc'))).toBe('abc');
  });

  it('asks again after a refusal, so unlocking the keyring later works without a restart', async () => {
    let available = false;
    const safeStorage = { ...fakeSafeStorage(), isAsyncEncryptionAvailable: async () => available };
    const codec = createSafeStorageCodec(safeStorage, 'linux');
    await expect(codec.encode('abc')).rejects.toBeInstanceOf(SecretsUnavailableError);
    available = true;
    expect(await codec.decode(await codec.encode('abc'))).toBe('abc');
  });
});
