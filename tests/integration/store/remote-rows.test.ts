import { afterEach, describe, expect, it } from 'vitest';
import type { LeadPage } from '../../../core/contract/lead-query.ts';
import type { HistoryEntry } from '../../../core/lead/lead.ts';
import { toLeadRow } from '../../../core/sync/lead-row.ts';
import { openStore, type LocalStore } from '../../../main/services/store/index.ts';
import { RemoteHistoryError, type RemoteRow } from '../../../main/services/store/remote-changes.ts';
import { makeLead, NOW, tempDir } from './helpers.ts';

// Leads as a first sync's snapshot brings them: rows, histories as the bytes the server sent,
// notes on their own (main/services/store/remote-changes.ts).
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function store(): LocalStore {
  const { dir, cleanup } = tempDir();
  const opened = openStore({ dataDir: dir });
  cleanups.push(cleanup, () => opened.close());
  return opened;
}

const entry = (leadId: string, n: number, kind = 'status'): HistoryEntry => ({ id: `${leadId}-h${n}`, leadId, at: NOW + n, actor: 'anna', kind: kind as HistoryEntry['kind'], summary: `step ${n}`, reason: null, data: {} });

function remote(id: string, history: unknown[], notes: RemoteRow['notes'] = []): RemoteRow {
  return { row: toLeadRow(makeLead(id, { contact: { company: `${id} Ltd` } })), history: Buffer.from(JSON.stringify(history)), notes };
}

const search = (s: LocalStore, text: string) => s.leads.query({ search: text }).rows.map((row) => row.id);

describe('leads written as rows', () => {
  it('keeps the history text as sent and hands back only the entries that are history entries', () => {
    const s = store();
    s.leads.applyRemoteRows([remote('a', [entry('a', 2), { kind: 'note' }, 'not an entry', entry('a', 1)])]);
    expect(s.leads.get('a')!.history.map((item) => item.id)).toEqual(['a-h1', 'a-h2']);
  });

  it('stores the notes given and finds them by search, at once or once the page asks for its search rows', () => {
    const s = store();
    const note = { id: 'n1', at: NOW, author: 'anna', text: 'budget approved in Zürich' };
    s.leads.applyRemoteRows([remote('now', [], [note])]);
    expect(s.leads.get('now')!.notes.map((item) => item.text)).toEqual([note.text]);
    expect(search(s, 'zürich')).toEqual(['now']);

    const { inserted } = s.leads.applyRemoteRows([remote('later', [], [{ ...note, id: 'n2', text: 'asks for a pilot in Graz' }])], [], { searchLater: true });
    expect(search(s, 'graz')).toEqual([]);
    s.leads.indexForSearch(inserted);
    expect(search(s, 'graz')).toEqual(['later']);
    expect(search(s, 'later Ltd')).toEqual(['later']);
  });

  it('refuses a batch with a history that is not a JSON array, naming the lead, and writes none of it', () => {
    const s = store();
    const bad: RemoteRow = { ...remote('bad', []), history: Buffer.from('{"kind":"created"}') };
    expect(() => s.leads.applyRemoteRows([remote('good', [entry('good', 1)]), bad])).toThrow(RemoteHistoryError);
    expect(() => s.leads.applyRemoteRows([{ ...bad, history: Buffer.from('[{"unterminated"') }])).toThrow('history of lead bad: must be a JSON array');
    expect(s.leads.count()).toBe(0);
    expect((s.leads.query({}) satisfies LeadPage).total).toBe(0);
  });

  it('replaces a lead held already, with its notes and search row', () => {
    const s = store();
    s.leads.applyRemoteRows([remote('a', [entry('a', 1)], [{ id: 'n1', at: NOW, author: 'anna', text: 'first visit' }])]);
    s.leads.applyRemoteRows([remote('a', [entry('a', 1), entry('a', 2)], [{ id: 'n2', at: NOW, author: 'anna', text: 'second visit' }])]);
    const detail = s.leads.get('a')!;
    expect(detail.history).toHaveLength(2);
    expect(detail.notes.map((item) => item.text)).toEqual(['second visit']);
    expect(search(s, 'second')).toEqual(['a']);
    expect(search(s, 'first')).toEqual([]);
  });
});
