import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrecompiledTemplates } from '@pilot-slice/core';

/** Written by build.mjs beside the shipped templates: sha256 of each `.hbs` source → its precompiled spec. */
export const PRECOMPILED_FILE = '.precompiled.json';

/** The build's precompiled templates, or none (tests' own template sets have none; they compile on the spot). */
export function loadPrecompiled(templatesDir: string): PrecompiledTemplates {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(join(templatesDir, PRECOMPILED_FILE), 'utf8')) as Record<string, string>));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
}
