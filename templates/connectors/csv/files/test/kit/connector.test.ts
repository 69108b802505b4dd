import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Principal, redact } from '../../src/kit/connectors/connector.js';
import { createCsvConnector } from '../../src/kit/connectors/csv.js';
import { createConnector } from '../../src/connector.js';
import { tempDir } from './helpers/temp-dir.js';

const reader: Principal = { id: 'test:reader', kind: 'user', scopes: [] };
const dir = tempDir('csv-connector');
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('csv connector', () => {
  it('reads the shipped sample, reporting each malformed row once with its line', async () => {
    const warnings: string[] = [];
    const connector = createConnector({}, { warn: (m) => warnings.push(m) });
    expect(connector.describe()).toMatchObject({ kind: 'csv', isSample: true });
    const [first] = await connector.read('m-0001', reader);
    expect(first).toMatchObject({ id: 'm-0001', subject: 'Charged twice' });
    const all = await connector.read({ limit: 500 }, reader);
    expect(all).toHaveLength(42);
    expect(warnings).toEqual([
      expect.stringMatching(/sample\.csv:20: skipped malformed record: Invalid Record Length/),
      expect.stringMatching(/sample\.csv:29: skipped malformed record: Invalid Opening Quote/),
      expect.stringMatching(/sample\.csv:\d+: skipped malformed record: no id/),
      expect.stringMatching(/sample\.csv:\d+: skipped malformed record: Quote Not Closed/),
    ]);
    await connector.sample(3, reader);
    expect(warnings).toHaveLength(4); // reported once, not on every read
  });

  it('copes with messy values: a latin-1 line, empty fields, duplicates, contact data', async () => {
    const connector = createConnector({}, { warn: () => undefined });
    const [legacy] = await connector.read('m-0010', reader);
    expect(legacy?.body).toBe('Café : la facture est fausse, merci de corriger.');
    expect((await connector.read('m-0011', reader))[0]?.subject).toBe('CafÃ© Lumière: facture');
    expect((await connector.read('m-0013', reader))[0]).toMatchObject({ subject: '', body: '' });
    const [card] = await connector.read('m-0005', reader);
    expect(redact(String(card?.body))).not.toMatch(/4111|415 555/);
    const refunds = await connector.read({ contains: 'REFUND', limit: 3 }, reader);
    expect(refunds).toHaveLength(3);
  });

  it('samples without repeats and applies the row-permission hook first', async () => {
    const path = file('inbox.csv', 'id,channel,body\n1,chat,a\n2,email,b\n3,chat,c\n4,chat,d\n5,web,e\n');
    const all = createCsvConnector({ path });
    const sample = await all.sample(3, reader);
    expect(sample).toHaveLength(3);
    expect(new Set(sample.map((r) => r.id)).size).toBe(3);
    const chatOnly = createCsvConnector({ path, canRead: (_p, row) => row.channel === 'chat' });
    expect((await chatOnly.sample(10, reader)).map((r) => r.id).sort()).toEqual(['1', '3', '4']);
    expect(await chatOnly.read('2', reader)).toEqual([]);
    expect((await chatOnly.read({ limit: 2 }, reader)).map((r) => r.id)).toEqual(['1', '3']);
  });

  it('reads JSONL, reporting lines that are not JSON objects or have no id', async () => {
    const warnings: string[] = [];
    const path = file(
      'inbox.jsonl',
      Buffer.concat([
        Buffer.from('{"id": "a", "subject": "Hi", "body": "one"}\n\n{not json}\n[1, 2]\n{"subject": "no id"}\n'),
        Buffer.from('{"id": 7, "subject": "Caf', 'utf8'),
        Buffer.from([0xe9]), // latin-1 é inside an otherwise UTF-8 file
        Buffer.from('", "body": "two"}'), // no trailing newline
      ]),
    );
    const connector = createConnector({ PILOT_CSV_PATH: path }, { warn: (m) => warnings.push(m) });
    const rows = await connector.read({}, reader);
    expect(rows).toEqual([
      { id: 'a', subject: 'Hi', body: 'one' },
      { id: '7', subject: 'Café', body: 'two' },
    ]);
    expect(warnings.map((w) => w.replace(/^.*inbox\.jsonl/, ''))).toEqual([
      expect.stringMatching(/^:3: skipped malformed record: not valid JSON/),
      ':4: skipped malformed record: not a JSON object',
      ':5: skipped malformed record: no id',
    ]);
  });

  it('numbers rows by line when the CSV has no id column, and honours the delimiter', async () => {
    const path = file('export.tsv', 'subject\tbody\nA\tx\nB\ty\n');
    const rows = await createConnector({ PILOT_CSV_PATH: path }).read({}, reader);
    expect(rows.map((r) => [r.id, r.subject])).toEqual([
      ['line-2', 'A'],
      ['line-3', 'B'],
    ]);
  });

  it('says what is wrong with the settings', async () => {
    const missing = createConnector({ PILOT_CSV_PATH: join(dir, 'nope.csv') });
    expect(missing.describe().isSample).toBe(false);
    await expect(missing.sample(1, reader)).rejects.toThrow(/PILOT_CSV_PATH: .*nope\.csv does not exist/);
    expect(() => createConnector({ PILOT_CSV_PATH: join(dir, 'data.xlsx') })).toThrow(/\.csv, \.tsv, \.jsonl or \.ndjson/);
    expect(() => createConnector({ PILOT_CSV_DELIMITER: ';;' })).toThrow(/one character/);
  });
});
