import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Connector, type Principal, redact } from '../../src/kit/connectors/connector.js';
import { createConnector } from '../../src/connector.js';
import { SAMPLE_DB_PATH, buildSampleDb, createSqliteConnector } from '../../src/kit/connectors/sqlite.js';
import { tempDir } from './helpers/temp-dir.js';
import { npmScript } from './helpers/npm-script.js';

const reader: Principal = { id: 'test:reader', kind: 'user', scopes: [] };
const open: Connector[] = [];
const track = (c: Connector) => {
  open.push(c);
  return c;
};

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe('sqlite connector', () => {
  it('reads the shipped sample, building it from seed.sql when missing', async () => {
    const connector = track(createConnector({}));
    expect(connector.describe()).toMatchObject({ kind: 'sqlite', isSample: true });
    const rows = await connector.sample(5, reader);
    expect(rows).toHaveLength(5);
    expect(existsSync(SAMPLE_DB_PATH)).toBe(true);
    const [first] = await connector.read('m-0001', reader);
    expect(first).toMatchObject({ id: 'm-0001', subject: 'Charged twice' });
    expect(await connector.read('no-such-id', reader)).toEqual([]);
  });

  it('searches text columns and copes with messy rows', async () => {
    const connector = track(createConnector({}));
    const refunds = await connector.read({ contains: 'REFUND', limit: 3 }, reader);
    expect(refunds.length).toBe(3);
    // A latin-1 BLOB from a legacy import decodes instead of failing.
    const [legacy] = await connector.read('m-0010', reader);
    expect(legacy?.body).toBe('Café : la facture est fausse, merci de corriger.');
    const [empty] = await connector.read('m-0013', reader);
    expect(empty).toMatchObject({ subject: null, body: null });
    // LIKE wildcards in the search text are literal.
    expect(await connector.read({ contains: '%' }, reader)).toEqual([]);
  });

  it('applies the row-permission hook to reads and samples', async () => {
    const path = join(tempDir('sqlite'), 'inbox.sqlite');
    buildSampleDb(path);
    const connector = track(createSqliteConnector({ path, canRead: (_p, row) => row.channel === 'chat' }));
    const rows = await connector.sample(50, reader);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.channel === 'chat')).toBe(true);
    expect(await connector.read('m-0001', reader)).toEqual([]);
  });

  it('never creates a configured database that does not exist', async () => {
    const connector = track(createConnector({ PILOT_SQLITE_PATH: join(tmpdir(), 'missing-dir-x', 'real.sqlite') }));
    expect(connector.describe().isSample).toBe(false);
    await expect(connector.sample(1, reader)).rejects.toThrow(/PILOT_SQLITE_PATH/);
  });

  it('feeds redacted text onwards: sample contact and card data is masked', async () => {
    const [row] = await track(createConnector({})).read('m-0005', reader);
    const text = redact(String(row?.body));
    expect(text).not.toMatch(/4111|415 555/);
    expect(text).toContain('[card]');
    expect(text).toContain('[phone]');
  });
});

describe('npm run data:seed', () => {
  it('prints its usage for --help and one line for a bad flag (exit 2), rebuilding nothing', { timeout: 60_000 }, async () => {
    // A rebuild writes a new file and renames it over the old one: a new inode, or a file where none was.
    const inode = () => statSync(SAMPLE_DB_PATH, { throwIfNoEntry: false })?.ino;
    const before = inode();
    // It names the manager running these tests: npm run passes on the npm_config_user_agent it was given.
    const help = await npmScript(process.cwd(), 'data:seed', ['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: (npm|pnpm|yarn|bun) run data:seed\nRebuilds the shipped sample database/);
    expect(help.stdout).not.toMatch(/^rebuilt /m);
    const bad = await npmScript(process.cwd(), 'data:seed', ['--force']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^data:seed: unknown option "--force"; (npm|pnpm|yarn|bun) run data:seed -- --help lists the options\n$/);
    expect(bad.stdout).toBe('');
    expect(inode()).toBe(before);
  });
});
