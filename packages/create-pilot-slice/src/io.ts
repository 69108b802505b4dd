import pc from 'picocolors';

/** Everything the shell touches outside itself, passed in so tests can run it in-process. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The shipped template pack (dist/templates.pack), or a folder of layers: tests pass their own set. */
  templates: string;
  /** The running Node's version (process.versions.node), checked against the pilot's engines before installing. */
  nodeVersion: string;
}

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Colour follows the Io, not the process: picocolors' own default is fixed at import from
 * process.env and fd 1, and it reads FORCE_COLOR=0 as "force on". The rules are no-color.org's
 * and Node's: NO_COLOR (non-empty) turns colour off; FORCE_COLOR=0 or false off, any other value on;
 * otherwise only a terminal that is not TERM=dumb gets colour.
 */
export function colorEnabled(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean }): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

const byStream = new WeakMap<object, Colors>();

/** The colours for one of the Io's streams (stdout unless named). */
export function colorsFor(io: Io, stream: 'stdout' | 'stderr' = 'stdout'): Colors {
  const target = io[stream];
  let colors = byStream.get(target);
  if (!colors) {
    colors = pc.createColors(colorEnabled(io.env, target));
    byStream.set(target, colors);
  }
  return colors;
}

export function say(io: Io, line = ''): void {
  io.stdout.write(`${line}\n`);
}

export function warn(io: Io, line: string): void {
  io.stderr.write(`${colorsFor(io, 'stderr').yellow('!')} ${line}\n`);
}

/** The one-line error every failure ends in. */
export function fail(io: Io, line: string): void {
  io.stderr.write(`${colorsFor(io, 'stderr').red('✖')} ${line}\n`);
}
