import type { SecretCodec } from '../services/secrets.ts';

/** The part of Electron's safeStorage we use; tests pass a fake, main passes the real one. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string }>;
  getSelectedStorageBackend?(): string;
}

export class SecretsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsUnavailableError';
  }
}

const NO_KEYCHAIN =
  'LeadRelay cannot store passwords here: the operating system offers no keychain to encrypt them ' +
  '(on Linux, install and unlock a Secret Service keyring such as GNOME Keyring or KWallet). ' +
  'Passwords are never written unencrypted.';

/**
 * Encrypts with the OS keychain through safeStorage and refuses, rather than degrading, when
 * it cannot: on Linux without a keyring Electron falls back to 'basic_text', a hard-coded key,
 * which is encryption in name only, so that counts as unavailable too.
 */
export function createSafeStorageCodec(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCodec {
  let available: Promise<boolean> | null = null;
  const ensureAvailable = async (): Promise<void> => {
    available ??= safeStorage.isAsyncEncryptionAvailable().then(
      (ok) => ok && !(platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text'),
    );
    if (!(await available)) {
      available = null;
      throw new SecretsUnavailableError(NO_KEYCHAIN);
    }
  };
  return {
    async encode(plain) {
      await ensureAvailable();
      return (await safeStorage.encryptStringAsync(plain)).toString('base64');
    },
    async decode(stored) {
      await ensureAvailable();
      return (await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result;
    },
  };
}
