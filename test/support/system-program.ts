// Tests that need a program this repository does not install itself (Chromium, tmux, nginx): on a machine
// without it they skip, saying so in one line with how to get it; under CI (.ci/run installs them
// all) a missing program is an error, so CI can never pass by skipping.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const PROGRAMS = {
  chromium: 'apt-get install chromium',
  nginx: 'apt-get install nginx',
  tmux: 'apt-get install tmux',
} as const;

export type SystemProgram = keyof typeof PROGRAMS;

const said = new Set<string>();

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** True when `program` is on PATH. Otherwise prints the skip line once per program and what, or throws under CI. */
export function has(program: SystemProgram, what: string): boolean {
  if (onPath(program)) return true;
  if (process.env.CI) throw new Error(`${program} is not on PATH: .ci/run must install it (${PROGRAMS[program]}) for ${what}`);
  const line = `skipped: ${what} needs ${program}, which is not on PATH (${PROGRAMS[program]}; .ci/run installs it)`;
  if (!said.has(line)) {
    said.add(line);
    console.warn(line);
  }
  return false;
}
