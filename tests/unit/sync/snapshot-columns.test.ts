import { describe, expect, it } from 'vitest';
import { LEAD_ROW_FIELDS } from '../../../core/sync/lead-row.ts';
import { LEAD_ROW_SQL, SNAPSHOT_COLUMNS } from '../../../server/sync/snapshot-columns.ts';

const JSON_FIELDS = new Set(['withheld', 'custom', 'attachments']);
const snakeCase = (field: string) => field.split('.').at(-1)!.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

describe('the snapshot row columns', () => {
  it('name one leads column per row field, the column of the same name, JSON columns as JSON', () => {
    expect(Object.keys(SNAPSHOT_COLUMNS).sort()).toEqual([...LEAD_ROW_FIELDS].sort());
    for (const field of LEAD_ROW_FIELDS) {
      const column = `l.${snakeCase(field)}`;
      expect([field, SNAPSHOT_COLUMNS[field]]).toEqual([field, JSON_FIELDS.has(field) ? `json(${column})` : column]);
    }
  });

  it('build the row in the order of LEAD_ROW_FIELDS', () => {
    expect(LEAD_ROW_SQL).toMatch(/^json_array\(.*\)$/);
    const listed = LEAD_ROW_SQL.slice('json_array('.length, -1).split(', ');
    expect(listed.map((expression) => expression.replace(/^json\((.*)\)$/, '$1'))).toEqual(LEAD_ROW_FIELDS.map((field) => `l.${snakeCase(field)}`));
  });
});
