import { resolve } from 'node:path';
import { type Catalog, PilotSliceError, type Provenance, findPilotDir, readPilotProvenance, recoverInterruptedUpdate } from '@pilot-slice/core';
import { type Io, warn } from './io.js';
import { showPath } from './paths.js';

export interface OpenedPilot {
  dir: string;
  shown: string;
  provenance: Provenance;
}

/**
 * The pilot `update` and `check` work on: the folder given, or the one holding the current
 * directory. A half-applied update left by a killed run is rolled back first, so every command
 * starts from a tree and a provenance file that belong together.
 */
export function openPilot(io: Io, dir: string | undefined, command: 'update' | 'check'): OpenedPilot {
  const from = resolve(io.cwd, dir ?? '.');
  const found = dir ? from : findPilotDir(from);
  if (!found)
    throw new PilotSliceError(
      'NOT_A_PILOT',
      `no .pilot-slice.json in ${showPath(io.cwd, from)} or above: run ${command} inside a pilot made by create-pilot-slice, or pass its folder`,
    );
  const shown = showPath(io.cwd, found);
  const restored = recoverInterruptedUpdate(found);
  if (restored !== null) warn(io, `an earlier update was interrupted; rolled it back (${restored} ${restored === 1 ? 'file' : 'files'} restored)`);
  return { dir: found, shown, provenance: readPilotProvenance(found, command, shown) };
}

export function generatorMismatch(provenance: Provenance, name: string): string | null {
  return provenance.generator.name === name ? null : `this pilot was made by ${provenance.generator.name}, not ${name}; run its own update`;
}

export type { Catalog };
