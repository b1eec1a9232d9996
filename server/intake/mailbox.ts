import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { FastifyBaseLogger } from 'fastify';
import type { IntakeService, RecordResult } from './intake-service.ts';
import { mailToRecords } from './mail-to-lead.ts';

/**
 * Email intake: polls an IMAP mailbox, turns each message into leads, and files the message
 * under LeadRelay/Processed (or LeadRelay/Failed, with the reason in the log and the ledger).
 * The ledger row (Message-ID, UIDVALIDITY, UID) commits in the same transaction as the leads,
 * so a crash between storing and filing is healed on the next poll by filing only: a message
 * is never lost (it stays in the inbox until filed) and never makes a second lead.
 */
export interface MailboxOptions {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  /** Mailbox to read (default INBOX). */
  mailbox?: string;
  intervalMs?: number;
  /** Source name put on the leads (default "email"). */
  sourceName?: string;
  maxMessageBytes?: number;
}

export interface MailboxDeps {
  intake: IntakeService;
  db: Database.Database;
  now: () => number;
  log: FastifyBaseLogger;
  /** Called after a message's leads and ledger row are committed, before it is filed (tests simulate a crash here). */
  afterRecord?: (messageKey: string) => void;
}

export interface PollSummary {
  processed: number;
  failed: number;
  /** Messages already in the ledger that only needed filing (after a restart). */
  refiled: number;
}

export const PROCESSED_MAILBOX = ['LeadRelay', 'Processed'];
export const FAILED_MAILBOX = ['LeadRelay', 'Failed'];
const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

interface LedgerRow {
  outcome: 'processed' | 'failed';
}

export interface MailboxPoller {
  pollOnce(): Promise<PollSummary>;
  start(): void;
  stop(): Promise<void>;
}

async function ensureMailbox(client: ImapFlow, segments: string[]): Promise<void> {
  const wanted = segments.join('/');
  const existing = await client.list();
  if (existing.some((box) => box.path.split(box.delimiter).join('/') === wanted)) return;
  await client.mailboxCreate(segments);
}

export function createMailboxPoller(options: MailboxOptions, deps: MailboxDeps): MailboxPoller {
  const mailbox = options.mailbox ?? 'INBOX';
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const ledgerByKey = deps.db.prepare('SELECT outcome FROM mail_messages WHERE message_key = ?');
  const ledgerByUid = deps.db.prepare('SELECT outcome FROM mail_messages WHERE mailbox = ? AND uid_validity = ? AND uid = ?');
  const insertLedger = deps.db.prepare(
    'INSERT INTO mail_messages (message_key, mailbox, uid_validity, uid, outcome, lead_id, raw_id, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const markFiled = deps.db.prepare('UPDATE mail_messages SET filed_at = ? WHERE message_key = ?');

  function record(key: string, uidValidity: number, uid: number, source: Buffer, parsed: Awaited<ReturnType<typeof simpleParser>> | null, parseError: string | null): LedgerRow['outcome'] {
    if (!parsed) {
      insertLedger.run(key, mailbox, uidValidity, uid, 'failed', null, null, parseError, deps.now());
      return 'failed';
    }
    const { label, records } = mailToRecords(parsed);
    let outcome: LedgerRow['outcome'] = 'failed';
    deps.intake.ingest({
      records,
      raw: { format: 'email', contentType: 'message/rfc822', body: source },
      actor: 'mailbox',
      sourceId: null,
      sourceName: options.sourceName ?? 'email',
      label,
      within: (results: RecordResult[], rawId) => {
        const kept = results.find((result) => result.status !== 'rejected');
        const reason = kept ? null : results.map((result) => result.reason).join('; ').slice(0, 2000);
        outcome = kept ? 'processed' : 'failed';
        insertLedger.run(key, mailbox, uidValidity, uid, outcome, kept?.leadId ?? null, rawId, reason, deps.now());
      },
    });
    return outcome;
  }

  async function pollOnce(): Promise<PollSummary> {
    const summary: PollSummary = { processed: 0, failed: 0, refiled: 0 };
    const client = new ImapFlow({ host: options.host, port: options.port, secure: options.secure, auth: { user: options.user, pass: options.password }, logger: false });
    await client.connect();
    try {
      await ensureMailbox(client, PROCESSED_MAILBOX);
      await ensureMailbox(client, FAILED_MAILBOX);
      const lock = await client.getMailboxLock(mailbox);
      try {
        const box = client.mailbox;
        const uidValidity = box ? Number(box.uidValidity) : 0;
        const uids = (await client.search({ all: true }, { uid: true })) || [];
        for (const uid of uids) {
          const message = await client.fetchOne(String(uid), { uid: true, envelope: true, size: true, source: true }, { uid: true });
          if (!message || !message.source) continue;
          const key = (message.envelope?.messageId?.trim() || `sha256:${createHash('sha256').update(message.source).digest('hex')}`).slice(0, 500);
          let outcome = ((ledgerByKey.get(key) ?? ledgerByUid.get(mailbox, uidValidity, uid)) as LedgerRow | undefined)?.outcome;
          if (outcome) summary.refiled++;
          else {
            let parsed = null;
            let problem: string | null = null;
            if (message.source.length > maxBytes) problem = `the message is larger than ${maxBytes} bytes`;
            else {
              try {
                parsed = await simpleParser(message.source);
              } catch (error) {
                problem = `the message could not be parsed: ${error instanceof Error ? error.message : String(error)}`;
              }
            }
            outcome = record(key, uidValidity, uid, message.source, parsed, problem);
            summary[outcome === 'processed' ? 'processed' : 'failed']++;
            if (outcome === 'failed') deps.log.warn({ messageKey: key, uid }, 'email intake: message filed as failed; see mail_messages.reason');
            deps.afterRecord?.(key);
          }
          await client.messageMove(String(uid), outcome === 'processed' ? PROCESSED_MAILBOX : FAILED_MAILBOX, { uid: true });
          markFiled.run(deps.now(), key);
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return summary;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pollOnce()
        .catch((error: unknown) => deps.log.error({ err: error }, 'email intake: polling the mailbox failed; retrying at the next interval'))
        .finally(() => {
          running = null;
          schedule();
        });
    }, options.intervalMs ?? 60_000);
  };

  return {
    pollOnce,
    start: () => {
      stopped = false;
      schedule();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
