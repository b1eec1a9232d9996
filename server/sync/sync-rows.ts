import type Database from 'better-sqlite3';
import type { Rejection } from '../../core/sync/protocol.ts';

/** The push bookkeeping: per client the last seq applied, per mutation its outcome. */
export interface StoredMutation {
  seq: number;
  mutationId: string;
  kind: string;
  leadId: string | null;
  status: 'applied' | 'rejected';
  rejection: Rejection | null;
}

export interface SyncRows {
  client(clientId: string): { userId: string; lastSeq: number } | null;
  mutation(clientId: string, seq: number): StoredMutation | null;
  /** Records `stored` as applied and moves the client's last seq to it (caller holds the transaction). */
  record(clientId: string, userId: string, stored: StoredMutation, at: number): void;
  /** The newest feed position, 0 when nothing was ever written. */
  headSeq(): number;
}

interface MutationRow {
  seq: number;
  mutation_id: string;
  kind: string;
  lead_id: string | null;
  status: 'applied' | 'rejected';
  rejection: string | null;
}

export function syncRows(db: Database.Database): SyncRows {
  const client = db.prepare<[string], { userId: string; lastSeq: number }>('SELECT user_id AS userId, last_seq AS lastSeq FROM client_sequences WHERE client_id = ?');
  const mutation = db.prepare<[string, number], MutationRow>('SELECT seq, mutation_id, kind, lead_id, status, rejection FROM sync_mutations WHERE client_id = ? AND seq = ?');
  const upsertClient = db.prepare(
    `INSERT INTO client_sequences (client_id, user_id, last_seq, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq, updated_at = excluded.updated_at`,
  );
  const insertMutation = db.prepare('INSERT INTO sync_mutations (client_id, seq, mutation_id, kind, lead_id, status, rejection, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const head = db.prepare<[], number>("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)").pluck();

  return {
    client: (clientId) => client.get(clientId) ?? null,
    mutation: (clientId, seq) => {
      const row = mutation.get(clientId, seq);
      if (!row) return null;
      return {
        seq: row.seq, mutationId: row.mutation_id, kind: row.kind, leadId: row.lead_id, status: row.status,
        rejection: row.rejection === null ? null : (JSON.parse(row.rejection) as Rejection),
      };
    },
    record: (clientId, userId, stored, at) => {
      upsertClient.run(clientId, userId, stored.seq, at);
      insertMutation.run(clientId, stored.seq, stored.mutationId, stored.kind, stored.leadId, stored.status, stored.rejection ? JSON.stringify(stored.rejection) : null, at);
    },
    headSeq: () => head.get() ?? 0,
  };
}
