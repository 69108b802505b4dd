import { describe, expect, it } from 'vitest';
import { detectPackageManager, installArgs, runScript } from './package-manager.js';

describe('detectPackageManager', () => {
  it.each([
    ['npm/11.19.1 node/v20.20.2 linux x64 workspaces/false', 'npm'],
    ['pnpm/9.12.0 npm/? node/v22.11.0 darwin arm64', 'pnpm'],
    ['yarn/4.5.1 npm/? node/v20.19.0 linux x64', 'yarn'],
    ['bun/1.1.30 npm/? node/v22.6.0 linux x64', 'bun'],
    [undefined, 'npm'],
    ['', 'npm'],
  ])('reads %s as %s', (agent, pm) => {
    expect(detectPackageManager(agent)).toBe(pm);
  });
});

describe('commands per manager', () => {
  it('installs with yarn’s bare command and the others’ install', () => {
    expect(installArgs('yarn')).toEqual([]);
    expect(installArgs('pnpm')).toEqual(['install']);
  });

  it('prints scripts in each manager’s syntax', () => {
    expect(runScript('npm', 'eval')).toBe('npm run eval');
    expect(runScript('yarn', 'eval')).toBe('yarn eval');
    expect(runScript('bun', 'test')).toBe('bun run test');
    expect(runScript('bun', 'start')).toBe('bun run start');
    expect(runScript('pnpm', 'readiness')).toBe('pnpm run readiness');
  });

  it("puts a script's own flags where each manager hands them on: after `--` for npm only", () => {
    expect(runScript('npm', 'eval', '--lock')).toBe('npm run eval -- --lock');
    expect(runScript('pnpm', 'eval', '--lock')).toBe('pnpm run eval --lock');
    expect(runScript('yarn', 'eval', '--lock')).toBe('yarn eval --lock');
    expect(runScript('bun', 'eval', '--lock')).toBe('bun run eval --lock');
  });
});
