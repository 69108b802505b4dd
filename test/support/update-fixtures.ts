// Three versions of a small template set, written from inline specs, each built into its own CLI
// (build.mjs --templates --version --outdir), so `update` is tested across real versions of the
// generator: every path case of the merge has a file here, named for the case it exercises.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildCliVersion, fixtureManifest, writeStubOverlays } from './fixture-cli.js';

export const VERSIONS = ['1.0.0', '2.0.0', '3.0.0'] as const;
export type FixtureVersion = (typeof VERSIONS)[number];

const lines = (count: number, edit: Record<number, string> = {}, eol = '\n') => Array.from({ length: count }, (_, i) => edit[i + 1] ?? `line ${i + 1}`).join(eol) + eol;

/** A binary file: NUL bytes make it binary to git and to update. */
export const logo = (version: number) => Buffer.from([0, 1, 2, 3, 0, 255, version, 0, 42]);

interface FileSpec {
  content: string | Buffer;
  executable?: boolean;
}

function baseFiles(version: 1 | 2 | 3): Record<string, FileSpec | string> {
  const v2 = version >= 2;
  const files: Record<string, FileSpec | string> = {
    'package.json.hbs': `{\n  "name": {{json name}},\n  "version": "0.1.0",\n  "scripts": { "test": "echo ok" },\n  "dependencies": { "zod": "${v2 ? '^4.0.0' : '^3.0.0'}" }\n}\n`,
    _gitignore: 'node_modules/\nlocal/\n',
    'notes/merge.txt': lines(50, v2 ? { 40: 'line 40 (template v2)' } : {}),
    'notes/clash.txt': lines(10, v2 ? { 5: 'line 5 (template v2)' } : {}),
    'notes/same.txt': lines(10, v2 ? { 5: 'line 5 (both)' } : {}),
    'notes/untouched.txt': `v${version}\n`,
    'notes/user-deleted.txt': `v${version}\n`,
    'notes/windows.txt': lines(12, v2 ? { 10: 'line 10 (template v2)' } : {}, '\r\n'),
    'team/{{kebabCase oncall}}.md.hbs': `# On call: {{oncall}}\nline 2\nline 3\n`,
    'assets/logo.bin': { content: logo(version) },
    'scripts/run.sh': { content: `#!/bin/sh\necho v${version}\n`, executable: v2 },
    'scripts/tool.sh': `#!/bin/sh\necho tool v${version}\n`,
    'src/team.ts': `export const team = 'v${version}';\n`,
    'local/settings.txt': `settings v${version}\n`,
  };
  if (v2) {
    files['notes/new.txt'] = 'new in v2\n';
    files['notes/both.txt'] = 'template\n';
    files['new/moved.txt'] = lines(10, { 10: 'line 10 (template v2)' });
  } else {
    files['notes/tpl-deleted.txt'] = 'v1\n';
    files['notes/tpl-deleted-edited.txt'] = 'v1\n';
    files['old/moved.txt'] = lines(10);
  }
  return files;
}

function migrations(version: 1 | 2 | 3): Record<string, string> {
  const log = (to: number) => `export function files(tree) {\n  tree.write('MIGRATIONS.log', (tree.read('MIGRATIONS.log') ?? '') + 'migrated to ${to}\\n');\n}\n`;
  const found: Record<string, string> = {};
  if (version >= 2) found['migrations/2.0.0.mjs'] = log(2);
  if (version >= 3) {
    found['migrations/3.0.0.mjs'] = `${log(3)}export function answers(answers) {\n  return { ...answers, description: answers.description + ' (since 3.0.0)' };\n}\n`;
  }
  return found;
}

/** Writes the template set of one version under `root` and returns the folder. */
export async function writeFixtureTemplates(root: string, version: FixtureVersion): Promise<string> {
  const major = Number(version[0]) as 1 | 2 | 3;
  const dir = join(root, `templates-${version}`);
  const put = async (path: string, spec: FileSpec | string) => {
    const { content, executable } = typeof spec === 'string' ? { content: spec, executable: false } : spec;
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content, { mode: executable ? 0o755 : 0o644 });
  };
  const migrationFiles = migrations(major);
  await put(
    'base/layer.json',
    fixtureManifest({
      id: 'base',
      kind: 'base',
      version,
      ownership: { seed: ['src/team.ts'], structured: ['package.json', '.gitignore'] },
      moved: major >= 2 ? { 'old/moved.txt': 'new/moved.txt' } : {},
      migrations: Object.keys(migrationFiles).map((script) => ({ version: script.slice('migrations/'.length, -'.mjs'.length), script })),
    }),
  );
  for (const [path, spec] of Object.entries(baseFiles(major))) await put(`base/files/${path}`, spec);
  for (const [path, code] of Object.entries(migrationFiles)) await put(`base/${path}`, code);
  await writeStubOverlays(dir);
  return dir;
}

/** Builds the CLI of one fixture version into `root/cli-<version>` and returns its bin. */
export async function buildFixtureCli(root: string, version: FixtureVersion): Promise<string> {
  const templates = await writeFixtureTemplates(root, version);
  return buildCliVersion(templates, version, join(root, `cli-${version}`));
}
