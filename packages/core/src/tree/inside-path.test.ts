import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-utils/fixtures.js';
import { badFolderOnTheWay, insidePath } from './inside-path.js';

describe('insidePath', () => {
  it('resolves a plain path inside the root, folders not there yet included', async () => {
    const root = await tempDir();
    expect(insidePath(root, 'src/kit/new/a.ts', 'test')).toBe(join(root, 'src', 'kit', 'new', 'a.ts'));
  });

  it.each(['../victim.txt', '/etc/passwd', 'a/../../b', 'a//b', './a', 'C:/x', 'a\\..\\b', ''])('refuses %j by its shape', async (path) => {
    const root = await tempDir();
    expect(() => insidePath(root, path, 'the journal')).toThrow(/the journal renders to .*, which is not a plain path inside the pilot/);
  });

  it('refuses a path through a linked folder, naming the link and where it points', async () => {
    const root = await tempDir();
    const outside = await tempDir();
    await mkdir(join(root, 'src/kit'), { recursive: true });
    await symlink(outside, join(root, 'src/kit/connectors'));
    expect(() => insidePath(root, 'src/kit/connectors/csv.ts', 'update')).toThrow(
      new RegExp(`^src/kit/connectors is a symbolic link \\(to ${outside}\\), and update would go through it to src/kit/connectors/csv.ts; links are never written through`),
    );
    expect(badFolderOnTheWay(root, 'src/kit/connectors/csv.ts')).toEqual({ folder: 'src/kit/connectors', kind: 'link' });
  });

  it('refuses a link even to a folder inside the root, and a file where a folder must be', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'real'));
    await symlink(join(root, 'real'), join(root, 'alias'));
    await writeFile(join(root, 'plain'), 'a file\n');
    expect(() => insidePath(root, 'alias/a.ts', 'update')).toThrow(/^alias is a symbolic link/);
    expect(() => insidePath(root, 'plain/a.ts', 'update')).toThrow(/^plain is not a folder, but update needs plain\/a.ts inside it/);
  });

  it('leaves the last segment to the caller: a link there is not walked through', async () => {
    const root = await tempDir();
    await symlink('/etc/passwd', join(root, 'leaf'));
    expect(insidePath(root, 'leaf', 'update')).toBe(join(root, 'leaf'));
    expect(badFolderOnTheWay(root, 'leaf')).toBeUndefined();
  });
});
