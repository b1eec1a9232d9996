import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where credentials (server token, mailbox passwords) live. Services ask this interface and
 * never see how values are protected: in Electron they are encrypted with the OS keychain
 * (main/electron/secrets.ts); in plain Node (web bridge, tests) they are not encrypted at all.
 */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** How a value is turned into what is written to disk, and back (async: OS keychains are). */
export interface SecretCodec {
  encode(plain: string): Promise<string>;
  decode(stored: string): Promise<string>;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,127}$/i;

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new Error('secret key: must be 1-128 letters, digits or . _ : - (for example "mail.imap.password")');
  }
  return key;
}

function checkValue(value: unknown): string {
  if (typeof value !== 'string') throw new Error('secret value: must be a string');
  return value;
}

/** Process memory only: gone when the process exits. For tests and throwaway web sessions. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(checkKey(key)) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(checkKey(key), checkValue(value));
  }

  async delete(key: string): Promise<void> {
    this.values.delete(checkKey(key));
  }
}

/** Stores values as they are. Only the file's 0600 mode protects them. */
export const PLAINTEXT_CODEC: SecretCodec = { encode: async (plain) => plain, decode: async (stored) => stored };

/**
 * A JSON file of key → encoded value, readable by the owner only (0600), replaced atomically
 * on every write so a crash never leaves half a file. With PLAINTEXT_CODEC (the default, for
 * the web bridge) anyone who can read the file as this user can read the secrets; the
 * Electron build passes a safeStorage codec instead.
 */
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly codec: SecretCodec = PLAINTEXT_CODEC,
  ) {}

  async get(key: string): Promise<string | null> {
    const stored = this.read()[checkKey(key)];
    return stored === undefined ? null : await this.codec.decode(stored);
  }

  async set(key: string, value: string): Promise<void> {
    checkKey(key);
    const encoded = await this.codec.encode(checkValue(value));
    const entries = this.read();
    entries[key] = encoded;
    this.write(entries);
  }

  async delete(key: string): Promise<void> {
    const entries = this.read();
    if (!Object.hasOwn(entries, checkKey(key))) return;
    delete entries[key];
    this.write(entries);
  }

  private read(): Record<string, string> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Object.create(null) as Record<string, string>;
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
      throw new Error(`secret file ${this.file} is not a JSON object of strings; not touching it`);
    }
    return Object.assign(Object.create(null) as Record<string, string>, parsed);
  }

  private write(entries: Record<string, string>): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }
}
