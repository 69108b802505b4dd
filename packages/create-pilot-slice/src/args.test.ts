import { describe, expect, it } from 'vitest';
import { flagFor, parseCliArgs } from './args.js';

describe('parseCliArgs', () => {
  it('maps answer flags to answer keys and switches to booleans', () => {
    const command = parseCliArgs(['my-pilot', '--use-case', 'classify', '--owner=@acme/ai', '--package-manager', 'pnpm', '--yes', '--no-install', '--no-git', '--dry-run']);
    expect(command).toMatchObject({
      command: 'create',
      dir: 'my-pilot',
      flags: { useCase: 'classify', owner: '@acme/ai', connector: undefined, packageManager: 'pnpm' },
      yes: true,
      install: false,
      git: false,
      dryRun: true,
    });
  });

  it('installs and commits by default', () => {
    expect(parseCliArgs([])).toMatchObject({ command: 'create', dir: undefined, install: true, git: true, yes: false });
  });

  it.each([
    [['list'], { command: 'list', json: false }],
    [['list', '--json'], { command: 'list', json: true }],
    [['--help'], { command: 'help' }],
    [['-v'], { command: 'version' }],
    [['update'], { command: 'update', dir: undefined, dryRun: false, set: [], conflict: 'inline', verify: false }],
    [
      ['update', 'pilots/a', '--dry-run', '--set', 'oncall=@a/b', '--set', 'owner=@a/c', '--conflict', 'rej'],
      { command: 'update', dir: 'pilots/a', dryRun: true, set: ['oncall=@a/b', 'owner=@a/c'], conflict: 'rej', verify: false },
    ],
    [['check', '--json'], { command: 'check', dir: undefined, json: true }],
    [['./update', '--owner', '@a/b'], expect.objectContaining({ command: 'create', dir: './update' })],
  ])('reads %j as a command', (argv, expected) => {
    expect(parseCliArgs(argv)).toEqual(expected);
  });

  it.each([
    [['--bogus'], 'unknown option --bogus; run create-pilot-slice --help'],
    [['--conector', 'csv'], 'unknown option --conector (did you mean --connector?); run create-pilot-slice --help'],
    [['--owner'], '--owner needs a value; run create-pilot-slice --help'],
    [
      ['a', 'b'],
      'expected one folder, got 2 (a b); under npm create, flags need -- before them (npm create pilot-slice@latest my-pilot -- --owner @acme/support-ai), and a name with spaces needs quotes',
    ],
    [['update', 'a', 'b'], "update takes at most one folder, the pilot's; got a b"],
    [['update', '--conflict', 'theirs'], '--conflict theirs: expected inline (markers in the file) or rej (a .rej file beside it)'],
    [['update', '--owner', '@a/b'], '--owner is for creating a pilot; to change an answer on update, pass --set key=value'],
    [['update', '--package-manager', 'pnpm'], '--package-manager is for creating a pilot; to change an answer on update, pass --set key=value'],
    [['check', '--dry-run'], 'check only reads; it takes [dir] and --json'],
    [['--set', 'owner=@a/b'], '--set goes with update; run create-pilot-slice update --help'],
    [['--json'], '--json goes with list; run create-pilot-slice list --json'],
    [['p', '--connector', 'csv', '--connector', 'sqlite'], '--connector was given twice, as "csv" and "sqlite"; pass it once, with the value you mean'],
    [['p', '--owner=@a/b', '--answers-file', 'a.json', '--owner', '@a/c'], '--owner was given twice, as "@a/b" and "@a/c"'],
    [['update', '--conflict', 'inline', '--conflict', 'rej'], '--conflict was given twice, as "inline" and "rej"'],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('lets the same value through twice, and --set repeat as it is meant to', () => {
    expect(parseCliArgs(['p', '--connector', 'csv', '--connector=csv', '--yes', '-y'])).toMatchObject({ flags: { connector: 'csv' }, yes: true });
    expect(parseCliArgs(['update', '--set', 'owner=@a/b', '--set', 'owner=@a/c'])).toMatchObject({ set: ['owner=@a/b', 'owner=@a/c'] });
  });

  it('names flags in errors by their spelling on the command line', () => {
    expect(flagFor('useCase')).toBe('--use-case');
    expect(flagFor('owner')).toBe('--owner');
  });
});
