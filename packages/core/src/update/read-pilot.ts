import { type Stats, lstatSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROVENANCE_FILE, type Provenance, parseProvenance } from '../answers/provenance.js';
import { PilotSliceError } from '../errors.js';
import { statOrMissing } from '../tree/inside-path.js';
import { UPDATE_DIR } from './journal.js';
import { readWorkFile } from './sides.js';

/** A provenance file is small; a bigger one is not ours, and is not read whole. */
const MAX_PROVENANCE_BYTES = 8 * 1024 * 1024;

/** The pilot that holds `from`: the folder itself, or the nearest one above with a provenance file. */
export function findPilotDir(from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    // Any entry by that name marks the pilot, a regular file or not: walking past a broken one would
    // update a parent pilot instead (readPilotProvenance then refuses what is not a regular file).
    // So does an update's working folder: a run killed mid-commit may have moved the provenance aside.
    if (lexists(join(dir, PROVENANCE_FILE)) || lexists(join(dir, UPDATE_DIR))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** `command` is what the user ran (update, check), so the refusal tells them how to run it right; `shown` names the folder as they gave it. */
export function readPilotProvenance(pilotDir: string, command = 'update', shown = pilotDir): Provenance {
  const file = join(pilotDir, PROVENANCE_FILE);
  let stat: Stats;
  try {
    stat = lstatSync(file);
  } catch {
    throw new PilotSliceError('NOT_A_PILOT', notAPilot(pilotDir, command, shown));
  }
  if (!stat.isFile()) throw new PilotSliceError('NOT_A_PILOT', `${PROVENANCE_FILE} is not a regular file; restore it from git`);
  if (stat.size > MAX_PROVENANCE_BYTES)
    throw new PilotSliceError('INVALID_ANSWERS_FILE', `${PROVENANCE_FILE} is ${stat.size} bytes, over the ${MAX_PROVENANCE_BYTES}-byte limit; restore it from git`);
  return parseProvenance(readFileSync(file, 'utf8'), PROVENANCE_FILE);
}

function notAPilot(pilotDir: string, command: string, shown: string): string {
  let folder: Stats | undefined;
  try {
    folder = lstatSync(pilotDir);
  } catch {
    return `${shown} does not exist: pass the folder of a pilot made by create-pilot-slice (create-pilot-slice ${command} <folder>)`;
  }
  if (!folder.isDirectory()) return `${shown} is not a folder: pass the folder of a pilot made by create-pilot-slice (create-pilot-slice ${command} <folder>)`;
  return `${shown} is not a pilot (it has no ${PROVENANCE_FILE}): run ${command} inside a pilot made by create-pilot-slice, or pass its folder`;
}

/**
 * Files an earlier update left unresolved: conflict markers in a generated file, or a `.rej` or
 * `.template` beside one. Updating over them would bury the clash under a new merge.
 */
export function unresolvedConflicts(pilotDir: string, provenance: Provenance): string[] {
  const found: string[] = [];
  for (const path of Object.keys(provenance.files)) {
    const file = readWorkFile(pilotDir, path);
    if (typeof file !== 'string' && hasMarkers(file.content)) found.push(path);
    for (const beside of ['rej', 'template']) if (isFile(join(pilotDir, ...`${path}.${beside}`.split('/')))) found.push(`${path}.${beside}`);
  }
  return found;
}

function hasMarkers(content: Buffer): boolean {
  if (content.subarray(0, 8000).includes(0)) return false;
  const text = content.toString('utf8');
  return /^<{7} /m.test(text) && /^>{7} /m.test(text) && /^={7}\r?$/m.test(text);
}

const lexists = (path: string): boolean => statOrMissing(path) !== undefined;

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}
