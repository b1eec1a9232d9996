import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../../core/demo/generate.ts';
import { LEAD_ROW_FIELDS, toLeadRow } from '../../../core/sync/lead-row.ts';
import { readSnapshotPage } from '../../../main/services/sync/snapshot-page.ts';

const { leads, history } = generateDemoWorkspace({ count: 40, seed: 7, now: Date.UTC(2026, 0, 5), userId: 'anna', userName: 'Anna' });
// As the server keeps them: a note's entry carries its text (server/routing/actions.ts).
const historyOf = (leadId: string) => history
  .filter((entry) => entry.leadId === leadId)
  .map((entry) => (entry.kind === 'note' ? { ...entry, data: { ...entry.data, text: `text of ${entry.id}` } } : entry));
const withNotes = leads.find((lead) => historyOf(lead.id).some((entry) => entry.kind === 'note'))!;
const withoutNotes = leads.find((lead) => historyOf(lead.id).length > 0 && !historyOf(lead.id).some((entry) => entry.kind === 'note'))!;

interface Lines { header: Record<string, unknown>; rows: string[]; histories: string[]; notes: string[] }

function lines(chosen = [withNotes, withoutNotes]): Lines {
  return {
    header: { format: 1, fields: [...LEAD_ROW_FIELDS], cursor: 17, next: 99, count: chosen.length },
    rows: chosen.map((lead) => JSON.stringify(toLeadRow(lead))),
    histories: chosen.map((lead) => JSON.stringify(historyOf(lead.id))),
    notes: chosen.map((lead) => JSON.stringify(historyOf(lead.id).filter((entry) => entry.kind === 'note').map((entry) => [entry.id, entry.at, entry.actor, entry.data.text]))),
  };
}

function body({ header, rows, histories, notes }: Lines): Buffer {
  return Buffer.from(`${[JSON.stringify(header), ...rows.flatMap((row, i) => [row, histories[i], notes[i]])].join('\n')}\n`);
}

describe('readSnapshotPage', () => {
  it('reads the header, each row checked, each history as the bytes sent, and the notes', () => {
    const page = readSnapshotPage(body(lines()));
    expect(page.header).toEqual({ format: 1, fields: [...LEAD_ROW_FIELDS], cursor: 17, next: 99, count: 2 });
    expect(page.leads.map(({ row }) => row)).toEqual([toLeadRow(withNotes), toLeadRow(withoutNotes)]);
    expect(page.leads.map(({ history: text }) => Buffer.from(text).toString('utf8'))).toEqual([JSON.stringify(historyOf(withNotes.id)), JSON.stringify(historyOf(withoutNotes.id))]);
    const notes = historyOf(withNotes.id).filter((entry) => entry.kind === 'note');
    expect(page.leads[0]!.notes).toEqual(notes.map((entry) => ({ id: entry.id, at: entry.at, author: entry.actor, text: entry.data.text })));
    expect(page.leads[1]!.notes).toEqual([]);
  });

  it('reads an empty page', () => {
    const page = readSnapshotPage(body({ header: { ...lines().header, count: 0, next: null }, rows: [], histories: [], notes: [] }));
    expect(page).toEqual({ header: expect.objectContaining({ count: 0, next: null }), leads: [], historiesChecked: false, body: expect.any(Buffer) });
  });

  it.each([
    ['header.cursor: ', (p: Lines) => { p.header.cursor = -1; }],
    ['header.format: ', (p: Lines) => { p.header.format = 2; }],
    ['header.fields: the server sends leads as (', (p: Lines) => { p.header.fields = ['id', 'name']; }],
    ['lead 2 of 2: contact.email: ', (p: Lines) => { p.rows[1] = p.rows[1]!.replace(/"[^"]+@[^"]+"/, '"not an address"'); }],
    ['lead 1 of 2: row must be an array of the 32 lead fields', (p: Lines) => { p.rows[0] = '{"id":"x"}'; }],
    ['lead 1 of 2: is not JSON', (p: Lines) => { p.rows[0] = '[1,2'; }],
    [`lead 1 of 2 (${withNotes.id}), its notes.0.1: `, (p: Lines) => { p.notes[0] = '[["n1", "yesterday", "anna", "call"]]'; }],
    [`lead 1 of 2 (${withNotes.id}), its notes: `, (p: Lines) => { p.notes[0] = '{"text":"call"}'; }],
    [`lead 2 of 2 (${withoutNotes.id}), its notes: the page ends before it`, (p: Lines) => { p.notes.pop(); }],
    ['the page goes on after the 1 leads its header counts', (p: Lines) => { p.header.count = 1; }],
  ])('refuses a spoiled page, naming where: %s', (message, spoil) => {
    const page = lines();
    spoil(page);
    const text = body(page);
    expect(() => readSnapshotPage(message.includes('ends before') ? text.subarray(0, text.length - 1) : text)).toThrow(message);
  });
});
