import type { FileChange } from '../tree/tree.js';

/** A pilot before an update: files that the update rewrites, deletes and leaves alone. */
export const BEFORE: Record<string, string> = {
  '.pilot-slice.json': '{"version": "old"}\n',
  'src/kit/a.ts': 'export const a = 1;\n',
  'src/kit/b.ts': 'export const b = 1;\n',
  'old/gone.txt': 'deleted by the update\n',
  'src/pipeline.ts': 'the team wrote this\n',
};

/** Writes, a new file in a new folder, a delete, and the provenance file last, as planUpdate orders them. */
export function killPlan(): FileChange[] {
  const write = (path: string, text: string): FileChange => ({ path, type: 'update', content: Buffer.from(text), origin: 'test' });
  return [
    write('src/kit/a.ts', 'export const a = 2;\n'),
    write('src/kit/new/c.ts', 'export const c = 2;\n'),
    { path: 'old/gone.txt', type: 'delete', content: null, origin: 'test' },
    write('src/kit/b.ts', 'export const b = 2;\n'),
    write('.pilot-slice.json', '{"version": "new"}\n'),
  ];
}
