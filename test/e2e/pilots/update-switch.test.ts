// `update --set` switches a layer end to end on a real pilot: for every connector, auth and use case,
// an untouched default pilot updated to that choice is the pilot `create` makes for it (the files of
// the old layer gone, the new layer's in, answers the new choice does not take dropped), and it
// type-checks (one of each kind also runs its own tests). An edited file of the removed layer stays and is a conflict.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { npmRun, scaffoldPilot } from '../../support/pilot.js';
import { runCli } from '../../support/run-cli.js';
import { typecheckPilots } from '../../support/typecheck-pilots.js';

const SWITCHES: Array<[key: string, flag: string, values: string[]]> = [
  ['connector', '--connector', ['sqlite', 'postgres', 'csv', 'http']],
  ['auth', '--auth', ['api-key', 'oidc', 'gateway']],
  ['useCase', '--use-case', ['classify', 'triage', 'summarize', 'draft', 'extract']],
];
const CASES = SWITCHES.flatMap(([key, flag, values]) => values.map((value) => ({ key, flag, value, name: `--set ${key}=${value}` })));

/** Files that record the pilot's own history and so differ from a fresh pilot's by design. */
const HISTORY = new Set(['.pilot-slice.json', 'src/kit/evals/shipped-cases.sha256', 'node_modules']);

async function files(dir: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (!entry.isFile() || HISTORY.has(path) || path.startsWith('node_modules')) continue;
    found[path] = await readFile(join(dir, path), 'utf8');
  }
  return found;
}

describe('update --set on an untouched default pilot', () => {
  const updated = new Map<string, string>();

  it.for(CASES)('$name: exit 0, and exactly the pilot create makes for that choice', { timeout: 300_000 }, async ({ key, flag, value }) => {
    const pilot = await scaffoldPilot();
    const result = await runCli(['update', '--set', `${key}=${value}`], pilot);
    expect(result.exitCode, result.all).toBe(0);
    const fresh = await scaffoldPilot({ flags: [flag, value] });
    expect(await files(pilot)).toEqual(await files(fresh));
    const [provenance, freshProvenance] = await Promise.all([pilot, fresh].map(async (dir) => JSON.parse(await readFile(join(dir, '.pilot-slice.json'), 'utf8'))));
    expect(provenance.answers).toEqual(freshProvenance.answers);
    expect(provenance.layers).toEqual(freshProvenance.layers);
    if (key === 'useCase' && value !== 'classify') expect(result.stdout).toContain('Dropped the recorded labels, description: they belong to the old choice.');
    updated.set(`${key}=${value}`, pilot);
  });

  // Each is byte for byte a pilot the matrix type-checks and tests already; these run on the updated trees themselves.
  it('each updated pilot type-checks, and one of each kind passes its own tests', { timeout: 900_000 }, async () => {
    expect(updated.size).toBe(CASES.length);
    for (const result of typecheckPilots([...updated.values()], inject('sharedNodeModules'))) expect(result.errors, result.dir).toEqual([]);
    for (const choice of ['connector=csv', 'auth=oidc', 'useCase=extract']) {
      const tests = await npmRun(updated.get(choice) ?? '', 'test');
      expect(tests.exitCode, `${choice}\n${tests.all}`).toBe(0);
    }
  });
});

describe('update --set over an edited file of the removed layer', () => {
  it('keeps the edit and exits 3, naming the file and the deleted file it still imports', { timeout: 300_000 }, async () => {
    const pilot = await scaffoldPilot();
    const connector = join(pilot, 'src/connector.ts');
    const edited = `// Our own wiring: read only the support inbox.\n${await readFile(connector, 'utf8')}`;
    await writeFile(connector, edited);
    const result = await runCli(['update', '--set', 'connector=postgres'], pilot);
    expect(result.exitCode, result.all).toBe(3);
    expect(result.stdout).toMatch(/^conflicted src\/connector\.ts {2}\(.*imports src\/kit\/connectors\/sqlite\.ts, which this update deletes\)$/m);
    expect(result.stdout).toContain('edit src/connector.ts so it no longer imports it');
    expect(await readFile(connector, 'utf8')).toContain('// Our own wiring: read only the support inbox.');
  });
});
