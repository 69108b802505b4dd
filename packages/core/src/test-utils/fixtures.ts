import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach } from 'vitest';
import type { Answers } from '../answers/schema.js';

const made: string[] = [];

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A throwaway folder, removed after the test. */
export async function tempDir(prefix = 'pilot-slice-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `{ 'a/b.txt': 'content' }` under a new temp folder and returns it. */
export async function writeTree(files: Record<string, string>, root?: string): Promise<string> {
  const dir = root ?? (await tempDir());
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** Every file under a folder, as relative paths, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

export const manifest = (fields: Record<string, unknown>): string => JSON.stringify({ version: '0.1.0', description: 'a test layer', ...fields });

/** A minimal valid template set: one layer of each kind, each adding one file. */
export function minimalTemplates(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'base/layer.json': manifest({ id: 'base', kind: 'base' }),
    'base/files/README.md.hbs': '# {{name}}\n\n{{description}}\n',
    'base/files/package.json.hbs': '{ "name": {{json name}}, "scripts": { "test": "vitest run" } }\n',
    'use-cases/classify/layer.json': manifest({ id: 'classify', kind: 'use-case', merge: { 'package.json': 'json' } }),
    'use-cases/classify/files/src/pipeline.ts': 'export const useCase = "classify";\n',
    'use-cases/classify/files/package.json': '{ "dependencies": { "zod": "^4.0.0" } }\n',
    'connectors/sqlite/layer.json': manifest({ id: 'sqlite', kind: 'connector' }),
    'connectors/sqlite/files/src/connectors/index.ts': 'export {};\n',
    'auth/api-key/layer.json': manifest({ id: 'api-key', kind: 'auth' }),
    'auth/api-key/files/src/auth/index.ts': 'export {};\n',
    ...extra,
  };
}

export const sampleAnswers: Answers = {
  name: 'my-pilot',
  description: 'Sort support mail',
  useCase: 'classify',
  connector: 'sqlite',
  auth: 'api-key',
  owner: '@acme/support-ai',
  oncall: '@acme/support-oncall',
  decisionDate: '2027-02-24',
  packageManager: 'npm',
};

export const testGenerator = { name: 'create-pilot-slice', version: '0.1.0' };
