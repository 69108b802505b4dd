import pc from 'picocolors';

/** Everything the shell touches outside itself, passed in so tests can run it in-process. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The shipped template pack (dist/templates.pack), or a folder of layers: tests pass their own set. */
  templates: string;
}

export function say(io: Io, line = ''): void {
  io.stdout.write(`${line}\n`);
}

export function warn(io: Io, line: string): void {
  io.stderr.write(`${pc.yellow('!')} ${line}\n`);
}

/** The one-line error every failure ends in. */
export function fail(io: Io, line: string): void {
  io.stderr.write(`${pc.red('✖')} ${line}\n`);
}
