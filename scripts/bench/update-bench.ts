// `update` of a 1,000-file pilot, as a ratio to scaffolding the same pilot, in the same run. Two
// versions of a generated template set are built into their own CLIs (build.mjs --templates
// --version --outdir); version 1 scaffolds the pilot (filling the template cache) and git commits
// it, the "team" edits 98 files (none the template removes) and commits, then version 2 updates it: one line changed in every
// tenth file, 20 files added, 10 removed, one moved. Scaffold and update are timed as whole
// processes; each round starts from the same committed pilot.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { median } from './stats.js';
import { type Row, ms, verdict } from './table.js';
import { buildCliVersion, fixtureManifest, writeStubOverlays } from '../../test/support/fixture-cli.js';
import { timedSpawn } from './timed-spawn.js';

const run = promisify(execFile);
const FILES = 1000;
export const UPDATE_TARGET = { ratio: 3 };
const ROUNDS = Number(process.env.BENCH_UPDATE_RUNS ?? 5);
const REPO_BIN = join(import.meta.dirname, '../../node_modules/.bin');

const line = (i: number, n: number, version: number) => (n === 10 && version === 2 && i % 10 === 0 ? `// line ${n} of file ${i}, changed in v2` : `// line ${n} of file ${i}`);
const body = (i: number, version: number) => `${Array.from({ length: 20 }, (_, n) => line(i, n, version)).join('\n')}\n`;

async function writeTemplates(root: string, version: 1 | 2): Promise<string> {
  const dir = join(root, `templates-${version}`);
  const put = async (path: string, text: string) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  };
  await put(
    'base/layer.json',
    fixtureManifest({
      id: 'base',
      kind: 'base',
      version: `${version}.0.0`,
      ownership: { structured: ['package.json'] },
      moved: version === 2 ? { 'kit/file-0001.ts': 'kit/moved/file-0001.ts' } : {},
    }),
  );
  // A type-check over the kit, for `update --verify` (its time is reported apart from update's own).
  await put(
    'base/files/package.json.hbs',
    `{ "name": {{json name}}, "version": "0.1.0", "scripts": { "typecheck": "tsc -p ." }, "dependencies": { "zod": "^${version + 2}.0.0" } }\n`,
  );
  await put('base/files/tsconfig.json', '{ "compilerOptions": { "noEmit": true, "strict": true, "module": "nodenext", "types": [] }, "include": ["kit"] }\n');
  for (let i = 0; i < FILES; i++) {
    if (version === 2 && i >= FILES - 10) continue; // removed in v2
    const path = version === 2 && i === 1 ? 'kit/moved/file-0001.ts' : `kit/file-${String(i).padStart(4, '0')}.ts`;
    await put(`base/files/${path}`, body(i, version));
  }
  if (version === 2) for (let i = 0; i < 20; i++) await put(`base/files/kit/added/file-${i}.ts`, body(FILES + i, 2));
  await writeStubOverlays(dir);
  return dir;
}

async function buildCli(root: string, version: 1 | 2): Promise<string> {
  const templates = await writeTemplates(root, version);
  return buildCliVersion(templates, `${version}.0.0`, join(root, `cli-${version}`));
}

export async function updateRows(): Promise<Row[]> {
  const root = await mkdtemp(join(tmpdir(), 'pilot-slice-bench-update-'));
  try {
    const [v1, v2] = [await buildCli(root, 1), await buildCli(root, 2)];
    const env = {
      ...process.env,
      PILOT_SLICE_CACHE_DIR: join(root, 'cache'),
      NO_COLOR: '1',
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.invalid',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.invalid',
    };
    const args = ['pilot', '--owner', '@acme/bench', '--no-install'];
    // The committed pilot every round updates: scaffolded by v1, then 100 files edited by the team.
    const template = join(root, 'template');
    await mkdir(template);
    const made = await timedSpawn(process.execPath, [v1, ...args], { cwd: template, env }, 60_000);
    if (made.code !== 0) throw new Error(`scaffold with v1 failed: ${made.stderr}`);
    const pilot = join(template, 'pilot');
    for (let i = 5; i < FILES - 20; i += 10) {
      const path = join(pilot, `kit/file-${String(i).padStart(4, '0')}.ts`);
      await writeFile(path, (await readFile(path, 'utf8')).replace(`// line 2 of file ${i}`, `// line 2 of file ${i}, edited by the team`));
    }
    await run('git', ['commit', '--quiet', '-am', 'team edits'], { cwd: pilot, env });

    const scaffoldMs: number[] = [];
    const updateMs: number[] = [];
    for (let round = 0; round < ROUNDS + 1; round++) {
      const fresh = join(root, `round-${round}`);
      await mkdir(fresh);
      const scaffold = await timedSpawn(process.execPath, [v2, ...args, '--no-git'], { cwd: fresh, env }, 60_000);
      if (scaffold.code !== 0) throw new Error(`scaffold with v2 failed: ${scaffold.stderr}`);
      await cp(pilot, join(fresh, 'updated'), { recursive: true });
      const update = await timedSpawn(process.execPath, [v2, 'update'], { cwd: join(fresh, 'updated'), env }, 120_000);
      if (update.code !== 0 || !/merged/.test(update.stdout)) throw new Error(`update failed (${update.code}): ${update.stderr || update.stdout}`);
      if (round > 0) {
        // Round 0 warms the file cache for both.
        scaffoldMs.push(scaffold.wallMs);
        updateMs.push(update.wallMs);
      }
      await rm(fresh, { recursive: true, force: true });
    }
    // `--verify` once, beside the rounds: the pilot's own type-check (tsc from this repository on PATH).
    const verified = join(root, 'verified');
    await cp(pilot, verified, { recursive: true });
    const verifyEnv = { ...env, PATH: `${REPO_BIN}${delimiter}${process.env.PATH ?? ''}` };
    const verify = await timedSpawn(process.execPath, [v2, 'update', '--verify'], { cwd: verified, env: verifyEnv }, 300_000);
    if (verify.code !== 0 || !/type-checks/.test(verify.stdout)) throw new Error(`update --verify failed (${verify.code}): ${verify.stderr || verify.stdout}`);
    const ratio = median(updateMs) / median(scaffoldMs);
    return [
      { measure: `  update --verify of the same pilot (its tsc included, once)`, value: ms(verify.wallMs), target: '', result: '' },
      { measure: `  scaffold ${FILES}-file pilot / update it (medians of ${ROUNDS})`, value: `${ms(median(scaffoldMs))} / ${ms(median(updateMs))}`, target: '', result: '' },
      {
        measure: `update of a ${FILES}-file pilot / scaffolding it`,
        value: `${ratio.toFixed(2)}x`,
        target: `<= ${UPDATE_TARGET.ratio}x`,
        result: verdict(ratio <= UPDATE_TARGET.ratio),
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
