import path from 'node:path';
import { app, safeStorage } from 'electron';
import { FileSecretStore, type SecretStore } from '../services/secrets.ts';
import { createSafeStorageCodec } from './safe-storage-codec.ts';

/**
 * Credentials for the Electron build: ciphertext from safeStorage (the OS keychain) in a 0600
 * file under userData. Call after app 'ready' (safeStorage needs it).
 */
export function createSecretStore(): SecretStore {
  return new FileSecretStore(path.join(app.getPath('userData'), 'secrets.json'), createSafeStorageCodec(safeStorage));
}
