export type StoreProblemKind = 'corrupt' | 'newer-version';

/**
 * The store file could not be used and was moved aside, never deleted: the caller decides
 * whether to start fresh, and the person can hand the kept file to support.
 */
export class StoreOpenError extends Error {
  readonly kind: StoreProblemKind;
  readonly keptAsidePath: string;

  constructor(kind: StoreProblemKind, message: string, keptAsidePath: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
    this.kind = kind;
    this.keptAsidePath = keptAsidePath;
  }
}
