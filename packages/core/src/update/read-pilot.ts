import { type Stats, lstatSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROVENANCE_FILE, type Provenance, parseProvenance } from '../answers/provenance.js';
import { PilotSliceError } from '../errors.js';
import { readWorkFile } from './sides.js';

/** A provenance file is small; a bigger one is not ours, and is not read whole. */
const MAX_PROVENANCE_BYTES = 8 * 1024 * 1024;

/** The pilot that holds `from`: the folder itself, or the nearest one above with a provenance file. */
export function findPilotDir(from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    if (isFile(join(dir, PROVENANCE_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function readPilotProvenance(pilotDir: string): Provenance {
  const file = join(pilotDir, PROVENANCE_FILE);
  let stat: Stats;
  try {
    stat = lstatSync(file);
  } catch {
    throw new PilotSliceError('NOT_A_PILOT', `${pilotDir} has no ${PROVENANCE_FILE}: run update inside a pilot made by create-pilot-slice, or pass its folder`);
  }
  if (!stat.isFile()) throw new PilotSliceError('NOT_A_PILOT', `${PROVENANCE_FILE} is not a regular file; restore it from git`);
  if (stat.size > MAX_PROVENANCE_BYTES)
    throw new PilotSliceError('INVALID_ANSWERS_FILE', `${PROVENANCE_FILE} is ${stat.size} bytes, over the ${MAX_PROVENANCE_BYTES}-byte limit; restore it from git`);
  return parseProvenance(readFileSync(file, 'utf8'), PROVENANCE_FILE);
}

/**
 * Files an earlier update left unresolved: conflict markers in a generated file, or a `.rej` beside
 * one. Updating over them would bury the clash under a new merge.
 */
export function unresolvedConflicts(pilotDir: string, provenance: Provenance): string[] {
  const found: string[] = [];
  for (const path of Object.keys(provenance.files)) {
    const file = readWorkFile(pilotDir, path);
    if (typeof file !== 'string' && hasMarkers(file.content)) found.push(path);
    if (isFile(join(pilotDir, ...`${path}.rej`.split('/')))) found.push(`${path}.rej`);
  }
  return found;
}

function hasMarkers(content: Buffer): boolean {
  if (content.subarray(0, 8000).includes(0)) return false;
  const text = content.toString('utf8');
  return /^<{7} /m.test(text) && /^>{7} /m.test(text) && /^={7}\r?$/m.test(text);
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}
