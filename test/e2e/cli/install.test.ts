// The install step with a stand-in package manager on PATH, so failure and Ctrl-C are tested without the network.
// The CLI runs on the pilots' Node line there: on an older Node it rightly skips the install (the pilot needs 22+).
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, inject } from 'vitest';
import { entries, userEnv, workDir } from '../../support/run-cli.js';
import { has } from '../../support/system-program.js';
import { openTerminal } from '../../support/tmux.js';

async function fakePackageManager(dir: string, name: string, script: string): Promise<string> {
  const bin = join(dir, 'fake-bin');
  await mkdir(bin, { recursive: true });
  // It answers --version as a manager does (the CLI asks it which version the pilot should pin), then runs `script`.
  await writeFile(join(bin, name), `#!/bin/sh\n[ "$1" = --version ] && echo 1.0.0 && exit 0\n${script}\n`);
  await chmod(join(bin, name), 0o755);
  return bin;
}

describe('installing dependencies', () => {
  it('prints the installer’s output and exits 1 when it fails, keeping the complete pilot', async () => {
    const cwd = await workDir();
    const bin = await fakePackageManager(cwd, 'pnpm', 'echo "ERR_PNPM_FETCH_404 GET https://registry/nope: Not Found" >&2; exit 7');
    const env = userEnv({ PATH: `${bin}:${inject('nodeLine').binDir}:${process.env.PATH}`, npm_config_user_agent: 'pnpm/9.12.0 npm/? node/v20.19.0 linux x64' });
    const result = await execa(inject('cliBin'), ['p', '--owner', '@acme/ai', '--no-git'], { cwd, env, extendEnv: false, reject: false, stdin: 'ignore' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('Installing dependencies with pnpm…');
    expect(result.stderr).toContain('ERR_PNPM_FETCH_404');
    expect(result.stderr).toMatch(/✖ pnpm install exited with 7; the pilot was written, fix the error above and run pnpm install in it$/m);
    expect(await entries(join(cwd, 'p'))).toContain('.pilot-slice.json');
  });

  it('exits 1 when the installer exits 0 but leaves no lockfile in the pilot (yarn 1 fetching node-gyp globally)', async () => {
    const cwd = await workDir();
    const bin = await fakePackageManager(cwd, 'yarn', 'echo "info No lockfile found."; mkdir -p node_modules; exit 0');
    const env = userEnv({ PATH: `${bin}:${inject('nodeLine').binDir}:${process.env.PATH}`, npm_config_user_agent: 'yarn/1.22.22 npm/? node/v22.0.0 linux x64' });
    const result = await execa(inject('cliBin'), ['p', '--owner', '@acme/ai', '--no-git'], { cwd, env, extendEnv: false, reject: false, stdin: 'ignore' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/✖ yarn exited 0 but wrote no yarn\.lock in the pilot; its CI and Dockerfile need it: run yarn in the pilot again$/m);
    expect(await entries(join(cwd, 'p'))).toContain('.pilot-slice.json');
  });

  it('exits 130 on Ctrl-C during the install and stops the installer', async () => {
    const cwd = await workDir();
    const bin = await fakePackageManager(cwd, 'npm', 'echo started > "$PWD/install-started"; sleep 30; echo finished > "$PWD/install-finished"');
    const env = userEnv({ PATH: `${bin}:${inject('nodeLine').binDir}:${process.env.PATH}` });
    // detached: its own process group, so the signal reaches the CLI and the installer together, as a terminal's Ctrl-C does.
    const child = execa(inject('cliBin'), ['p', '--owner', '@acme/ai', '--no-git'], { cwd, env, extendEnv: false, reject: false, stdin: 'ignore', detached: true });
    await new Promise<void>((resolve) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Installing dependencies')) resolve();
      });
    });
    await waitFor(async () => (await entries(join(cwd, 'p'))).includes('install-started'));
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/^✖ install interrupted: the pilot's files are all in p, but its dependencies are not installed; to finish: cd p && npm install$/m);
    expect(await entries(join(cwd, 'p'))).not.toContain('install-finished');
  });
});

describe.runIf(has('tmux', 'Ctrl-C typed into a real terminal during the install'))('installing dependencies in a terminal', () => {
  it('exits 130 on Ctrl-C during the install, saying that neither the install nor git was done, and stops the installer', async () => {
    const cwd = await workDir();
    const bin = await fakePackageManager(cwd, 'npm', 'echo started > "$PWD/install-started"; sleep 30; echo finished > "$PWD/install-finished"');
    const env = userEnv({ TERM: 'xterm-256color', PATH: `${bin}:${inject('nodeLine').binDir}:${process.env.PATH}` });
    // --yes: no prompts, so the terminal is on stdin only for the spinner, which is what takes Ctrl-C for itself.
    // git is on: the interrupted install stops the run before git init, and the line must say so.
    const term = await openTerminal(`${inject('cliBin')} p --owner @acme/ai --yes`, cwd, env);
    try {
      await term.waitFor(/Installing dependencies with npm/);
      await waitFor(async () => (await entries(join(cwd, 'p'))).includes('install-started'));
      await term.press('C-c');
      const screen = await term.waitFor(/EXIT=\d+/);
      expect(screen).toContain('EXIT=130');
      // The line is wider than the terminal: compared without the spaces and breaks the wrapping moves.
      const unwrapped = (text: string) => text.replace(/\s+/g, '');
      expect(unwrapped(screen)).toContain(
        unwrapped(
          '✖ install interrupted: the pilot\'s files are all in p, but its dependencies are not installed and no git repository or first commit was made; to finish: cd p && npm install && git init && git add --all && git commit -m "Scaffold pilot with create-pilot-slice',
        ),
      );
      expect(screen).not.toContain('Canceled');
    } finally {
      await term.kill();
    }
    expect(await entries(join(cwd, 'p'))).toContain('.pilot-slice.json');
    expect(await entries(join(cwd, 'p'))).not.toContain('.git');
    expect(await entries(join(cwd, 'p'))).not.toContain('install-finished');
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
