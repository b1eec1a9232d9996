import type { Database, Statement } from 'better-sqlite3';
import { CallError, invalidInput } from '../../../core/contract/errors.ts';
import { LeadQuery, type Facets, type LeadDetail, type LeadPage, type LeadQueryInput } from '../../../core/contract/lead-query.ts';
import type { HistoryEntry, Lead, Note } from '../../../core/lead/lead.ts';
import { applyLeadAction, LeadAction } from '../../../core/lead/lifecycle.ts';
import { ROW, rowLeadId, rowText, toLeadRow, type LeadRow } from '../../../core/sync/lead-row.ts';
import { LeadListIndex, type ListSource } from './lead-list-index.ts';
import {
  INSERT_LEAD_SQL, INSERT_NOTE_SQL, leadValues, noteValues, rowToLead, rowToNote, UPDATE_LEAD_SQL, updateValues, type LeadRowData, type NoteRowData,
} from './lead-rows.ts';
import { LeadFts, searchText, toFtsQuery } from './lead-search.ts';
import { LeadTimelines } from './lead-timelines.ts';
import type { Outbox } from './outbox.ts';
import { RemoteChanges, remoteRow, type RemoteLead, type RemoteRow, type RemoteWriteOptions } from './remote-changes.ts';

export interface ActionStoreContext {
  actor: string;
  actorName: string;
  now: number;
  newId: () => string;
  nameOf: (id: string) => string;
}

const LIST_COLUMNS = 'rid, id, status, priority, score, first_name, last_name, company, source, campaign, created_at, offer_expires_at';
type ListRow = [number, string, Lead['status'], Lead['priority'], number, string | null, string | null, string | null, string | null, string | null, number, number | null];

/**
 * Leads, their history and notes. Every write is one transaction that also keeps the FTS
 * index in step; the in-memory list index is touched only after the commit, so a failed
 * write leaves both untouched.
 */
export class LeadRepository {
  private readonly fts: LeadFts;
  private readonly remote: RemoteChanges;
  private readonly timelines: LeadTimelines;
  private readonly insertLead: Statement<unknown[]>;
  private readonly insertNote: Statement<unknown[]>;
  private readonly updateLead: Statement<unknown[], number>;
  private readonly byId: Statement<[string], LeadRowData>;
  private readonly notesOf: Statement<[string], NoteRowData>;
  private readonly countAll: Statement<[], number>;
  private readonly listRows: Statement<[], ListRow>;
  private readonly dataVersion: Statement<[], number>;
  private index: LeadListIndex | null = null;
  private indexDataVersion = -1;

  constructor(private readonly db: Database, private readonly outbox: Outbox) {
    this.fts = new LeadFts(db);
    this.timelines = new LeadTimelines(db);
    this.remote = new RemoteChanges(db, this.fts, this.timelines);
    this.insertLead = db.prepare(INSERT_LEAD_SQL);
    this.insertNote = db.prepare(INSERT_NOTE_SQL);
    this.updateLead = db.prepare<unknown[], number>(UPDATE_LEAD_SQL).pluck();
    this.byId = db.prepare('SELECT * FROM leads WHERE id = ?');
    this.notesOf = db.prepare('SELECT * FROM notes WHERE lead_id = ? ORDER BY at, rowid');
    this.countAll = db.prepare<[], number>('SELECT count(*) FROM leads').pluck();
    this.listRows = db.prepare<[], ListRow>(`SELECT ${LIST_COLUMNS} FROM leads ORDER BY rid`).raw();
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  count(): number {
    return this.countAll.get() ?? 0;
  }

  /** Bulk import in one transaction; any bad row (e.g. a duplicate id) leaves the store as it was. */
  insertMany(leads: Lead[], history: HistoryEntry[] = [], notes: Note[] = []): void {
    const notesByLead = groupBy(notes, (note) => note.leadId);
    const historyByLead = groupBy(history, (entry) => entry.leadId);
    this.db.transaction(() => {
      for (const lead of leads) {
        const rid = Number(this.insertLead.run(...leadValues(lead)).lastInsertRowid);
        this.fts.add(rid, searchText(lead), notesByLead.get(lead.id)?.map((note) => note.text).join(' ') ?? '');
        notesByLead.delete(lead.id);
        this.timelines.add(rid, historyByLead.get(lead.id) ?? []);
        historyByLead.delete(lead.id);
      }
      // History for leads imported earlier goes on the end of their timelines.
      for (const [leadId, entries] of historyByLead) {
        const row = this.byId.get(leadId);
        if (!row) throw new Error(`history entry ${entries[0]!.id}: no lead ${leadId}`);
        for (const entry of entries) this.timelines.append(row.rid, entry);
      }
      for (const n of notes) this.insertNote.run(n.id, n.leadId, n.at, n.author, n.text);
      // Notes for leads imported earlier: their search text must now include them.
      for (const leadId of notesByLead.keys()) {
        const row = this.byId.get(leadId);
        if (row) this.fts.refresh(row.rid, leadId, searchText(rowToLead(row)));
      }
    }).immediate();
    this.index = null;
  }

  /** Empties the lead box (leads, history, notes, search index and their queued mutations), e.g. to refill a demo. */
  clear(): void {
    this.db.transaction(() => {
      this.db.exec(`DELETE FROM outbox WHERE lead_id IS NOT NULL;
        DELETE FROM notes; DELETE FROM lead_timelines; DELETE FROM leads;
        INSERT INTO lead_fts (lead_fts) VALUES ('delete-all');`);
    }).immediate();
    this.index = null;
  }

  query(input: LeadQueryInput): LeadPage {
    const q = parseOrThrow(LeadQuery, input);
    const ftsQuery = toFtsQuery(q.search);
    const found = ftsQuery ? this.fts.candidates(ftsQuery) : null;
    const { rows, total } = this.list().page(q, found ? found.rids : null);
    return { rows, total, offset: q.offset, ...(found?.capped ? { capped: true } : {}) };
  }

  facets(): Facets {
    return this.list().facets();
  }

  /** The lead with its timeline oldest first (the order things happened) and its notes, also oldest first. */
  get(id: string): LeadDetail | null {
    const row = this.byId.get(id);
    if (!row) return null;
    return { lead: rowToLead(row), history: this.timelines.of(row.rid), notes: this.notesOf.all(id).map(rowToNote) };
  }

  /**
   * Runs one lifecycle action: the new lead (version + 1), its history entry, its note and its
   * outbox mutation are written in one transaction, or nothing is.
   */
  applyAction(input: LeadAction, ctx: ActionStoreContext): { lead: Lead; outboxSeq: number } {
    const action = parseOrThrow(LeadAction, input);
    const { rid, lead, outboxSeq } = this.db.transaction(() => {
      const row = this.byId.get(action.leadId);
      if (!row) throw new CallError('not_found', 'no lead with this id', 'id');
      const before = rowToLead(row);
      const outcome = applyLeadAction(before, action, { actor: ctx.actor, actorName: ctx.actorName, now: ctx.now, newId: ctx.newId(), nameOf: ctx.nameOf });
      if (!outcome.ok) throw new CallError('conflict', outcome.message, outcome.field);
      const version = this.updateLead.get(...updateValues(leadValues(outcome.lead)));
      if (version === undefined) throw new Error(`lead ${action.leadId} vanished while being updated`);
      this.timelines.append(row.rid, outcome.history);
      if (outcome.note) this.insertNote.run(...noteValues(outcome.note));
      const text = searchText(outcome.lead);
      if (outcome.note || searchText(before).join('\n') !== text.join('\n')) this.fts.refresh(row.rid, outcome.lead.id, text);
      const seq = this.outbox.enqueue({ id: ctx.newId(), action, leadVersion: version, createdAt: ctx.now });
      return { rid: row.rid, lead: outcome.lead, outboxSeq: seq };
    }).immediate();
    if (this.index?.has(rid)) this.index.update(toListSource(rid, toLeadRow(lead)));
    return { lead, outboxSeq };
  }

  /**
   * Writes what sync pulled from the server (see remote-changes.ts) in one transaction; the
   * list index then takes the new leads and moves the replaced ones, so a first sync never
   * rebuilds it page by page. Only removals (rare: a lead re-routed away) drop it.
   */
  applyRemote(upserts: readonly RemoteLead[], removals: readonly string[] = []): { changed: number; removed: string[] } {
    const { changed, removed } = this.applyRemoteRows(upserts.map(remoteRow), removals);
    return { changed, removed };
  }

  /** The same for leads already in row form, as a first sync's snapshot brings them. */
  applyRemoteRows(upserts: readonly RemoteRow[], removals: readonly string[] = [], options: RemoteWriteOptions = {}): { changed: number; removed: string[]; inserted: number[] } {
    const written = this.db.transaction(() => this.remote.write(upserts, removals, options)).immediate();
    if (written.removed.length > 0) this.index = null;
    const index = this.index;
    if (index) {
      index.append(written.inserted.map(({ rid, row }) => toListSource(rid, row)));
      for (const { rid, row } of written.updated) if (index.has(rid)) index.update(toListSource(rid, row));
    }
    return { changed: written.updated.length + written.inserted.length, removed: written.removed, inserted: written.inserted.map(({ rid }) => rid) };
  }

  /** Search rows for leads that `applyRemoteRows` wrote with `searchLater`, given their rids. */
  indexForSearch(rids: readonly number[]): void {
    this.db.transaction(() => this.fts.addStored(rids)).immediate();
  }

  /**
   * The list index, rebuilt when absent or when another connection (another process, the
   * sync worker's own connection) has committed since it was built.
   */
  private list(): LeadListIndex {
    const version = this.dataVersion.get() ?? 0;
    if (!this.index || version !== this.indexDataVersion) {
      this.index = new LeadListIndex(this.listRows.all().map(fromListRow));
      this.indexDataVersion = version;
    }
    return this.index;
  }
}

function fromListRow([rid, id, status, priority, score, firstName, lastName, company, source, campaign, createdAt, offerExpiresAt]: ListRow): ListSource {
  return { rid, id, status, priority, score, firstName, lastName, company, source, campaign, createdAt, offerExpiresAt };
}

function toListSource(rid: number, row: LeadRow): ListSource {
  return {
    rid, id: rowLeadId(row), status: row[ROW.status] as Lead['status'], priority: row[ROW.priority] as Lead['priority'], score: row[ROW.score] as number,
    firstName: rowText(row, ROW['contact.firstName']), lastName: rowText(row, ROW['contact.lastName']), company: rowText(row, ROW['contact.company']),
    source: rowText(row, ROW.source), campaign: rowText(row, ROW.campaign), createdAt: row[ROW.createdAt] as number, offerExpiresAt: row[ROW.offerExpiresAt] as number | null,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function parseOrThrow<S extends typeof LeadQuery | typeof LeadAction>(schema: S, input: unknown): ReturnType<S['parse']> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data as ReturnType<S['parse']>;
}
