/**
 * The postgres connector against a real PostgreSQL. Set PILOT_TEST_DATABASE_URL to a database
 * whose role may CREATE SCHEMA (e.g. its owner): the tests load their fixtures into a schema of
 * their own (pilot_test_<random>) and drop it afterwards, so runs in parallel do not collide.
 * Without the variable those tests skip, saying so; the checks that need no server always run.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connector, type Principal, redact } from '../../src/kit/connectors/connector.js';
import { createConnector } from '../../src/connector.js';
import { createPostgresConnector } from '../../src/kit/connectors/postgres.js';
import { loadSample } from '../../src/kit/connectors/sample.js';
import { rowToInput } from '../../src/kit/import-cases.js';
import { inputSchema } from '../../src/pipeline.js';
import { validInput } from '../fixtures/use-case.js';
import { npmScript } from './helpers/npm-script.js';

const DATABASE = process.env.PILOT_TEST_DATABASE_URL;
if (!DATABASE) {
  console.warn('postgres connector: server tests skipped. Set PILOT_TEST_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db (a role that may CREATE SCHEMA) to run them.');
}

const reader: Principal = { id: 'test:reader', kind: 'user', scopes: [] };

describe('postgres connector settings (no server needed)', () => {
  it('constructs without DATABASE_URL and says what is missing when used', async () => {
    const connector = createConnector({});
    expect(connector.describe()).toMatchObject({ kind: 'postgres', isSample: true, source: 'DATABASE_URL not set (pilot_sample.messages)' });
    await expect(connector.sample(1, reader)).rejects.toThrow(/DATABASE_URL is not set/);
  });

  it('refuses a source query that is not a single read statement', () => {
    expect(() => createConnector({ PILOT_SOURCE_QUERY: 'DELETE FROM tickets' })).toThrow(/must be a single SELECT/);
    expect(() => createConnector({ PILOT_SOURCE_QUERY: 'SELECT 1 AS id; DROP TABLE tickets' })).toThrow(/single statement/);
    expect(createConnector({ PILOT_SOURCE_QUERY: '-- recent\nSELECT id, title AS subject FROM t;' }).describe().isSample).toBe(false);
  });

  it('never prints the password, even when the server cannot be reached', async () => {
    const connector = createConnector({ DATABASE_URL: 'postgres://app:s3cret-pw@127.0.0.1:1/app' });
    expect(connector.describe().source).not.toContain('s3cret');
    const error = await connector.sample(1, reader).catch((err: Error) => err);
    expect(String(error)).toMatch(/127\.0\.0\.1:1\/app\): cannot connect/);
    expect(String(error)).not.toContain('s3cret');
    await connector.close();
  });
});

describe.skipIf(!DATABASE)('postgres connector against a real server (PILOT_TEST_DATABASE_URL)', () => {
  const url = DATABASE ?? '';
  const schema = `pilot_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  const open: Connector[] = [];
  const connect = (query: string, extra: Partial<Parameters<typeof createPostgresConnector>[0]> = {}) => {
    const connector = createPostgresConnector({ connectionString: url, query, ...extra });
    open.push(connector);
    return connector;
  };
  const messages = () => connect(`SELECT * FROM ${schema}.messages`);

  beforeAll(async () => {
    expect(await loadSample(url, schema)).toBe(42);
    await admin.connect();
    await admin.query(`CREATE SEQUENCE ${schema}.probe`);
    // A second source whose columns need aliasing, shaped like the use case's input.
    const fields = Object.keys(validInput);
    await admin.query(`CREATE TABLE ${schema}.tickets (ticket_no integer PRIMARY KEY, ${fields.map((f) => `"src_${f}" jsonb`).join(', ')})`);
    await admin.query(
      `INSERT INTO ${schema}.tickets VALUES (7, ${fields.map((_, i) => `$${i + 1}::jsonb`).join(', ')}), (8, ${fields.map(() => 'NULL').join(', ')})`,
      fields.map((f) => JSON.stringify((validInput as Record<string, unknown>)[f])),
    );
  });

  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  });

  it('samples and reads by id', async () => {
    const connector = messages();
    const rows = await connector.sample(5, reader);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    const [first] = await connector.read('m-0001', reader);
    expect(first).toMatchObject({ id: 'm-0001', subject: 'Charged twice' });
    expect(await connector.read('no-such-id', reader)).toEqual([]);
  });

  it('passes caller input as parameters: quotes and wildcards are data, not SQL', async () => {
    const connector = messages();
    expect(await connector.read("x' OR '1'='1", reader)).toEqual([]);
    expect(await connector.read({ contains: "'; DROP TABLE messages; --" }, reader)).toEqual([]);
    expect(await connector.read({ contains: '%' }, reader)).toEqual([]);
    const refunds = await connector.read({ contains: 'REFUND', limit: 3 }, reader);
    expect(refunds).toHaveLength(3);
    expect(refunds.every((r) => JSON.stringify(r).toLowerCase().includes('refund'))).toBe(true);
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.messages`);
    expect(rows[0].n).toBe(42);
  });

  it('copes with the messy sample: NULLs, decoded legacy text, contact data redacted downstream', async () => {
    const connector = messages();
    const [legacy] = await connector.read('m-0010', reader);
    expect(legacy?.body).toBe('Café : la facture est fausse, merci de corriger.');
    const [empty] = await connector.read('m-0013', reader);
    expect(empty).toMatchObject({ subject: null, body: null });
    const [card] = await connector.read('m-0005', reader);
    expect(redact(String(card?.body))).not.toMatch(/4111|415 555/);
  });

  it('maps aliased columns onto the use case input fields by name', async () => {
    const fields = Object.keys(validInput);
    const connector = connect(`SELECT ticket_no AS id, ${fields.map((f) => `"src_${f}" AS "${f}"`).join(', ')} FROM ${schema}.tickets`);
    const [row] = await connector.read('7', reader);
    expect(row?.id).toBe('7');
    const input = rowToInput(row!);
    expect(inputSchema.safeParse(input).success).toBe(true);
    expect(input).toEqual(validInput);
  });

  it('applies the row-permission hook before the limit', async () => {
    const connector = connect(`SELECT * FROM ${schema}.messages`, { canRead: (_p, row) => row.channel === 'chat' });
    const rows = await connector.sample(50, reader);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.channel === 'chat')).toBe(true);
    expect(await connector.read('m-0001', reader)).toEqual([]);
  });

  it('runs read-only: a query that writes is refused by the server', async () => {
    // A data-modifying CTE cannot even be wrapped as a subquery...
    const deleting = connect(`WITH gone AS (DELETE FROM ${schema}.messages RETURNING *) SELECT * FROM gone`);
    await expect(deleting.sample(1, reader)).rejects.toThrow(/data-modifying/);
    // ...and a write hidden in a function call meets the READ ONLY transaction.
    const writing = connect(`SELECT m.*, nextval('${schema}.probe') AS n FROM ${schema}.messages m`);
    await expect(writing.sample(1, reader)).rejects.toThrow(/read-only transaction.*only reads/);
    const { rows } = await admin.query(`SELECT count(*)::int AS n, (SELECT is_called FROM ${schema}.probe) AS probe_used FROM ${schema}.messages`);
    expect(rows[0]).toMatchObject({ n: 42, probe_used: false });
  });

  it('stops slow queries and explains a query without an id column', async () => {
    const slow = connect(`SELECT m.*, pg_sleep(0.5) AS nap FROM ${schema}.messages m`, { statementTimeoutMs: 100 });
    await expect(slow.sample(1, reader)).rejects.toThrow(/PILOT_PG_STATEMENT_TIMEOUT_MS/);
    const noId = connect(`SELECT subject FROM ${schema}.messages`);
    await expect(noId.sample(1, reader)).rejects.toThrow(/no id column \(columns: subject\)/);
  });

  it('reports records with an empty id instead of dropping them silently', async () => {
    const warnings: string[] = [];
    const connector = connect(`SELECT NULLIF(ticket_no, 8) AS id FROM ${schema}.tickets`, { warn: (m) => warnings.push(m) });
    expect((await connector.read({}, reader)).map((r) => r.id)).toEqual(['7']);
    expect(warnings).toEqual([expect.stringMatching(/skipped a record with an empty id/)]);
  });

  it('reads through createConnector from DATABASE_URL and PILOT_SOURCE_QUERY', async () => {
    const connector = createConnector({ DATABASE_URL: url, PILOT_SOURCE_QUERY: `SELECT * FROM ${schema}.messages` });
    open.push(connector);
    expect(connector.describe().isSample).toBe(false);
    expect(await connector.sample(3, reader)).toHaveLength(3);
  });
});

describe('npm run db:load-sample', () => {
  // No DATABASE_URL is set here: the arguments are answered before the script looks for it.
  it('prints its usage for --help and one line for a bad flag (exit 2), with no database', { timeout: 60_000 }, async () => {
    // It names the manager running these tests: npm run passes on the npm_config_user_agent it was given.
    const help = await npmScript(process.cwd(), 'db:load-sample', ['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: (npm|pnpm|yarn|bun) run db:load-sample\nLoads the sample inbox/);
    const bad = await npmScript(process.cwd(), 'db:load-sample', ['--schema', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^db:load-sample: unknown option "--schema"; (npm|pnpm|yarn|bun) run db:load-sample -- --help lists the options\n$/);
    expect(bad.stdout).toBe('');
  });
});
