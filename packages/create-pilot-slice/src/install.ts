import * as clack from '@clack/prompts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_MANAGER_FACTS, PilotSliceError } from '@pilot-slice/core';
import { execa } from 'execa';
import { type Io, say } from './io.js';
import { type PackageManager, installArgs, installCommand } from './package-manager.js';

/**
 * Installs the pilot's dependencies: the only network traffic this CLI causes.
 * Output is captured and shown only if the install fails, so a success stays one line.
 */
export async function installDependencies(pm: PackageManager, cwd: string, io: Io, signal: AbortSignal): Promise<void> {
  const started = Date.now();
  const progress = io.stdout.isTTY ? clack.spinner({ output: io.stdout as NodeJS.WriteStream, cancelMessage: 'Install interrupted' }) : undefined;
  const label = `Installing dependencies with ${pm}`;
  if (progress) {
    progress.start(label);
    // The spinner puts a terminal's stdin in raw mode, where Ctrl-C is a key its own handler answers
    // with exit 0, leaving the installer running. In cooked mode Ctrl-C is the terminal's SIGINT again,
    // to the installer and to us alike: the same path, line and exit 130 as a signal from outside.
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
  } else say(io, `${label}…`);

  const result = await execa(pm, installArgs(pm), { cwd, all: true, reject: false, cancelSignal: signal, env: { ...io.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.isCanceled || signal.aborted) {
    progress?.cancel('Install interrupted');
    // The caller knows what else was left undone (git), and says so.
    throw new PilotSliceError('INTERRUPTED', `install interrupted; run ${installCommand(pm)} in the pilot to finish`);
  }
  if (result.failed) {
    progress?.error('Install failed');
    io.stderr.write(`${result.all ?? ''}\n`);
    const reason = result.code === 'ENOENT' ? `${pm} was not found on PATH` : `${pm} ${installArgs(pm).join(' ')} exited with ${result.exitCode}`;
    throw new PilotSliceError('INSTALL_FAILED', `${reason}; the pilot was written, fix the error above and run ${pm} install in it`);
  }
  // yarn 1, when it decides to fetch node-gyp globally first, can write its lockfile into its global
  // folder and still exit 0: the pilot's CI and Dockerfile need the lockfile in the pilot itself.
  const lockfile = PACKAGE_MANAGER_FACTS[pm].lockfile;
  if (!existsSync(join(cwd, lockfile))) {
    progress?.error('Install left no lockfile');
    io.stderr.write(`${result.all ?? ''}\n`);
    throw new PilotSliceError(
      'INSTALL_FAILED',
      `${installCommand(pm)} exited 0 but wrote no ${lockfile} in the pilot; its CI and Dockerfile need it: run ${installCommand(pm)} in the pilot again`,
    );
  }
  if (progress) progress.stop(`Installed dependencies with ${pm} in ${seconds}s`);
  else say(io, `Installed dependencies in ${seconds}s`);
}
