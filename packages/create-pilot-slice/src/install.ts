import * as clack from '@clack/prompts';
import { PilotSliceError } from '@pilot-slice/core';
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
  if (progress) progress.stop(`Installed dependencies with ${pm} in ${seconds}s`);
  else say(io, `Installed dependencies in ${seconds}s`);
}
