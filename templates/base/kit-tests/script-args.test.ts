import { describe, expect, it } from 'vitest';
import { parseScriptArgs, scriptCommand } from '../../src/kit/script-args.js';

const spec = {
  name: 'auth:dev-token',
  synopsis: '[--port N]',
  options: { port: { type: 'string', default: '0' }, verbose: { type: 'boolean' } },
  help: 'Serves a JWKS.\nExit: 0 stopped, 2 a bad flag.',
} as const;
const npm = { npm_config_user_agent: 'npm/11.6.0 node/v24.11.0 linux x64 workspaces/false' };

describe('script arguments', () => {
  it('gives the values, defaults filled in, with or without the -- pnpm, yarn and bun pass on', () => {
    expect(parseScriptArgs(spec, ['--port', '8080'], npm)).toEqual({ values: { port: '8080' } });
    expect(parseScriptArgs(spec, ['--', '--verbose'], npm)).toEqual({ values: { port: '0', verbose: true } });
  });

  it('answers --help and -h with the usage line and the help, for the manager running the script', () => {
    const help = 'usage: npm run auth:dev-token -- [--port N]\nServes a JWKS.\nExit: 0 stopped, 2 a bad flag.';
    expect(parseScriptArgs(spec, ['--help'], npm)).toEqual({ help });
    expect(parseScriptArgs(spec, ['--port', '1', '-h'], npm)).toEqual({ help });
    expect(parseScriptArgs(spec, ['--', '--help'], { npm_config_user_agent: 'pnpm/10.18.0 npm/? node/v24.11.0 linux x64' })).toEqual({
      help: help.replace('npm run', 'pnpm run'),
    });
  });

  it('turns a bad argument into one line naming it and pointing at --help', () => {
    const line = (argv: string[]) => (parseScriptArgs(spec, argv, npm) as { error?: string }).error;
    const hint = '; npm run auth:dev-token -- --help lists the options';
    expect(line(['--bogus'])).toBe(`auth:dev-token: unknown option "--bogus"${hint}`);
    expect(line(['stray words'])).toBe(`auth:dev-token: unexpected argument "stray words"${hint}`);
    expect(line(['--port'])).toBe(`auth:dev-token: --port needs a value${hint}`);
    expect(line(['--verbose=yes'])).toBe(`auth:dev-token: --verbose takes no value${hint}`);
    expect(line(['--bo\ngus'])).toBe(`auth:dev-token: unknown option "--bo\\ngus"${hint}`);
  });

  it('names the run command of npm, pnpm, yarn and bun, and npm when it cannot tell', () => {
    const run = (agent?: string) => scriptCommand('data:seed', agent === undefined ? {} : { npm_config_user_agent: agent });
    expect(run(npm.npm_config_user_agent)).toBe('npm run data:seed');
    expect(run('pnpm/10.18.0 npm/? node/v24.11.0 linux x64')).toBe('pnpm run data:seed');
    expect(run('yarn/1.22.22 npm/? node/v24.11.0 linux x64')).toBe('yarn run data:seed');
    expect(run('bun/1.3.1 npm/? node/v24.11.0 linux x64')).toBe('bun run data:seed');
    expect(run()).toBe('npm run data:seed');
  });
});
