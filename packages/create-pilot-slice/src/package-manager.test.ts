import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPackageManager, installArgs, lockfileManager, managerVersion, runScript, unsupportedManagerNote } from './package-manager.js';

describe('managerVersion', () => {
  /** A folder with a fake `pnpm` that prints `output`, to put alone on PATH. */
  function fakePnpm(output: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'fake-pnpm-'));
    writeFileSync(join(dir, 'pnpm'), `#!/bin/sh\necho '${output}'\n`);
    chmodSync(join(dir, 'pnpm'), 0o755);
    return dir;
  }

  it("takes the running manager's exact version from the user agent", async () => {
    expect(await managerVersion('pnpm', { npm_config_user_agent: 'pnpm/10.18.0 npm/? node/v24.11.0 linux x64', PATH: '' })).toBe('10.18.0');
  });

  it('asks the one on PATH when another tool runs the CLI, and names none when it cannot tell', async () => {
    const dir = fakePnpm('10.19.1');
    const garbled = fakePnpm('10.x (dev build)');
    try {
      expect(await managerVersion('pnpm', { npm_config_user_agent: 'npm/11.6.0 node/v24.11.0 linux x64', PATH: dir })).toBe('10.19.1');
      expect(await managerVersion('pnpm', { PATH: garbled })).toBeUndefined();
      expect(await managerVersion('pnpm', { PATH: '' })).toBeUndefined();
    } finally {
      for (const folder of [dir, garbled]) rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('detectPackageManager', () => {
  it.each([
    ['npm/11.19.1 node/v20.20.2 linux x64 workspaces/false', 'npm'],
    ['pnpm/9.12.0 npm/? node/v22.11.0 darwin arm64', 'pnpm'],
    ['yarn/1.22.22 npm/? node/v20.19.0 linux x64', 'yarn'],
    ['yarn/4.5.1 npm/? node/v20.19.0 linux x64', 'npm'],
    ['bun/1.1.30 npm/? node/v22.6.0 linux x64', 'bun'],
    [undefined, 'npm'],
    ['', 'npm'],
  ])('reads %s as %s', (agent, pm) => {
    expect(detectPackageManager(agent)).toBe(pm);
  });
});

describe('unsupportedManagerNote', () => {
  it('names yarn berry, which gets an npm pilot, and nothing for the managers pilots support', () => {
    expect(unsupportedManagerNote('yarn/4.5.1 npm/? node/v20.19.0 linux x64')).toMatch(/^yarn 4 \(berry\) is not supported yet, only yarn 1: the pilot is made for npm/);
    for (const agent of ['yarn/1.22.22 npm/? node/v22', 'pnpm/12.0.0 npm/?', 'bun/1.1.30', 'npm/11.0.0', undefined]) expect(unsupportedManagerNote(agent)).toBeNull();
  });
});

describe('lockfileManager', () => {
  it('names the manager of the one lockfile, and nobody for none or two', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockfile-manager-'));
    try {
      expect(lockfileManager(dir)).toBeNull();
      writeFileSync(join(dir, 'pnpm-lock.yaml'), 'lockfileVersion: 9.0\n');
      expect(lockfileManager(dir)).toBe('pnpm');
      writeFileSync(join(dir, 'package-lock.json'), '{}\n');
      expect(lockfileManager(dir)).toBeNull();
      rmSync(join(dir, 'pnpm-lock.yaml'));
      writeFileSync(join(dir, 'bun.lock'), '{}\n');
      expect(lockfileManager(dir)).toBeNull();
      rmSync(join(dir, 'package-lock.json'));
      expect(lockfileManager(dir)).toBe('bun');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
