import type Database from 'better-sqlite3';
import { EXCHANGE_HEADERS } from '../../core/exchange/exchange-sign.ts';
import { decodeMessage, formatOf } from './codec.ts';
import type { Partners } from './partners.ts';
import { sign, verifySignature } from './signing.ts';

/**
 * Messages to partners: queued (already encoded) in the transaction that caused them, sent
 * by `pump()` — after each commit that queued something, on every scheduler tick, and when
 * the earliest retry comes due. Per partner and lead, messages go out in order; each is
 * retried with exponential back-off until the partner acknowledges it, and after
 * `maxAttempts` (or an answer that says it will never be taken) it is dead-lettered for an
 * administrator to see and replay.
 */
export interface OutboxOptions {
  db: Database.Database;
  partners: Partners;
  now: () => number;
  retryBaseMs: number;
  maxBackoffMs: number;
  maxAttempts: number;
  /** Messages in flight at once (to different leads). */
  concurrency: number;
  timeoutMs: number;
  onError: (error: unknown) => void;
}

export interface DeadLetter {
  id: string;
  partnerId: string;
  leadId: string;
  kind: string;
  attempts: number;
  createdAt: number;
  deadAt: number;
  lastError: string | null;
}

interface OutboxRow {
  seq: number;
  id: string;
  partner_id: string;
  lead_id: string;
  kind: string;
  content_type: string;
  body: string;
  attempts: number;
}

/** An answer that retrying cannot change: the partner understood and refused the message. */
const permanent = (status: number) => status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 409 && status !== 425 && status !== 429;

export function createOutbox(options: OutboxOptions) {
  const { db, partners, now } = options;
  const insert = db.prepare('INSERT INTO exchange_outbox (id, partner_id, lead_id, kind, content_type, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  // The head of each (partner, lead) queue that is due: later messages wait for earlier ones.
  const due = db.prepare<[number, number], OutboxRow>(
    `SELECT seq, id, partner_id, lead_id, kind, content_type, body, attempts FROM exchange_outbox o
     WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= ?
       AND NOT EXISTS (SELECT 1 FROM exchange_outbox p WHERE p.partner_id = o.partner_id AND p.lead_id = o.lead_id
                       AND p.delivered_at IS NULL AND p.dead_at IS NULL AND p.seq < o.seq)
     ORDER BY next_attempt_at, seq LIMIT ?`,
  );
  const nextDue = db.prepare<[], { at: number | null }>('SELECT min(next_attempt_at) AS at FROM exchange_outbox WHERE delivered_at IS NULL AND dead_at IS NULL');
  const delivered = db.prepare('UPDATE exchange_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq = ?');
  const failed = db.prepare('UPDATE exchange_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?');
  const dead = db.prepare('UPDATE exchange_outbox SET attempts = attempts + 1, dead_at = ?, last_error = ? WHERE seq = ?');
  const deadList = db.prepare<[number], { id: string; partner_id: string; lead_id: string; kind: string; attempts: number; created_at: number; dead_at: number; last_error: string | null }>(
    'SELECT id, partner_id, lead_id, kind, attempts, created_at, dead_at, last_error FROM exchange_outbox WHERE dead_at IS NOT NULL ORDER BY dead_at DESC, seq DESC LIMIT ?',
  );
  const replay = db.prepare('UPDATE exchange_outbox SET dead_at = NULL, attempts = 0, next_attempt_at = ?, last_error = NULL WHERE id = ? AND dead_at IS NOT NULL');
  const pending = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM exchange_outbox WHERE delivered_at IS NULL AND dead_at IS NULL');

  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let again = false;
  let stopped = false;

  async function send(row: OutboxRow): Promise<{ ok: true } | { ok: false; error: string; permanent: boolean }> {
    const partner = partners.get(row.partner_id);
    if (!partner) return { ok: false, error: `partner ${row.partner_id} no longer exists`, permanent: true };
    if (partner.disabled) return { ok: false, error: `partner ${partner.name} is disabled`, permanent: false };
    const timestamp = now();
    let response: Response;
    try {
      response = await fetch(partner.url, {
        method: 'POST',
        headers: {
          'content-type': row.content_type,
          [EXCHANGE_HEADERS.partner]: partner.id,
          [EXCHANGE_HEADERS.timestamp]: String(timestamp),
          [EXCHANGE_HEADERS.signature]: sign(partner.secret, timestamp, row.body),
        },
        body: row.body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      return { ok: false, error: `could not reach ${partner.url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`, permanent: false };
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) return { ok: false, error: `HTTP ${response.status}: ${text.slice(0, 300)}`, permanent: permanent(response.status) };
    if (partner.format === 'adf') return { ok: true };
    // A LeadRelay partner answers with a signed acknowledgement of this very message.
    const ts = Number(response.headers.get(EXCHANGE_HEADERS.timestamp));
    const signature = response.headers.get(EXCHANGE_HEADERS.signature) ?? '';
    const secrets = [partner.secret, ...(partner.previousSecret ? [partner.previousSecret] : [])];
    if (!verifySignature(secrets, ts, text, signature)) return { ok: false, error: 'the acknowledgement is not signed with the shared secret', permanent: false };
    const format = formatOf(response.headers.get('content-type') ?? undefined);
    try {
      const ack = format ? decodeMessage(format, text) : null;
      if (ack?.kind !== 'ack' || ack.ackOf !== row.id) return { ok: false, error: 'the answer is not an acknowledgement of this message', permanent: false };
    } catch (error) {
      return { ok: false, error: `the acknowledgement could not be read: ${error instanceof Error ? error.message : String(error)}`, permanent: false };
    }
    return { ok: true };
  }

  function settle(row: OutboxRow, result: Awaited<ReturnType<typeof send>>): void {
    const at = now();
    if (result.ok) delivered.run(at, row.seq);
    else if (result.permanent || row.attempts + 1 >= options.maxAttempts) dead.run(at, result.error, row.seq);
    else failed.run(at + Math.min(options.maxBackoffMs, options.retryBaseMs * 2 ** row.attempts), result.error, row.seq);
  }

  async function drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const rows = due.all(now(), options.concurrency);
      if (rows.length === 0 || stopped) break;
      const results = await Promise.all(rows.map((row) => send(row)));
      rows.forEach((row, i) => settle(row, results[i]!));
      sent += results.filter((r) => r.ok).length;
    }
    return sent;
  }

  function armTimer(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const at = nextDue.get()!.at;
    if (at === null) return;
    timer = setTimeout(() => void pump().catch(options.onError), Math.min(60_000, Math.max(10, at - now())));
    timer.unref();
  }

  /** Sends everything due now; a call while sending makes the current run look again. */
  function pump(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await drain();
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = null;
      armTimer();
    });
    return running;
  }

  return {
    /** Queues a message inside the caller's transaction; call `wake()` after the commit. */
    enqueue(message: { id: string; partnerId: string; leadId: string; kind: string; contentType: string; body: string }): void {
      const at = now();
      insert.run(message.id, message.partnerId, message.leadId, message.kind, message.contentType, message.body, at, at);
    },
    /** Starts sending soon (after the current transaction has committed). */
    wake(): void {
      if (!stopped) setImmediate(() => void pump().catch(options.onError));
    },
    pump,
    deadLetters: (limit = 200): DeadLetter[] =>
      deadList.all(limit).map((row) => ({ id: row.id, partnerId: row.partner_id, leadId: row.lead_id, kind: row.kind, attempts: row.attempts, createdAt: row.created_at, deadAt: row.dead_at, lastError: row.last_error })),
    replay: (id: string): boolean => replay.run(now(), id).changes === 1,
    pending: () => pending.get()!.n,
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
