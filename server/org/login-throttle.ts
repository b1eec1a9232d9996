/**
 * Slows password guessing at `POST /api/v1/auth/login`. Only failed sign-ins count, so people
 * who type their password right are never held up:
 * - per address and email, after `perAccount` failures in `windowMs` that pair is refused until
 *   the window has passed (a guesser cannot lock the owner out from another address);
 * - per address, after `perAddress` failures across all emails (spraying one password over
 *   many accounts), the address is refused likewise.
 * A successful sign-in clears its pair. State is in memory: a restart forgets it, which only
 * gives a guesser one more window. Keys are bounded; the oldest are dropped first.
 */

export interface LoginThrottleLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
  /** Keys remembered at most (addresses and pairs together). */
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = { perAccount: 10, perAddress: 50, windowMs: 15 * 60_000, maxKeys: 50_000 };

interface Failures {
  count: number;
  /** When the first failure of the current window happened. */
  since: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly now: () => number,
    private readonly limits: LoginThrottleLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  /** Milliseconds until a sign-in from `address` as `email` may be tried again; 0 = now. */
  retryAfterMs(address: string, email: string): number {
    return Math.max(this.wait(pairKey(address, email), this.limits.perAccount), this.wait(addressKey(address), this.limits.perAddress));
  }

  failed(address: string, email: string): void {
    this.count(pairKey(address, email));
    this.count(addressKey(address));
  }

  succeeded(address: string, email: string): void {
    this.failures.delete(pairKey(address, email));
  }

  private current(key: string): Failures | null {
    const entry = this.failures.get(key);
    if (!entry) return null;
    if (this.now() - entry.since < this.limits.windowMs) return entry;
    this.failures.delete(key);
    return null;
  }

  private wait(key: string, limit: number): number {
    const entry = this.current(key);
    return entry && entry.count >= limit ? entry.since + this.limits.windowMs - this.now() : 0;
  }

  private count(key: string): void {
    const entry = this.current(key);
    if (entry) {
      entry.count++;
      return;
    }
    if (this.failures.size >= this.limits.maxKeys) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(key, { count: 1, since: this.now() });
  }
}

const pairKey = (address: string, email: string) => `${address}\n${email.trim().toLowerCase()}`;
const addressKey = (address: string) => address;
