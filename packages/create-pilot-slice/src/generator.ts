import pkg from '../package.json' with { type: 'json' };

/** Recorded in every pilot's provenance; esbuild inlines the version, so the bundle reads no file for it. */
export const GENERATOR = { name: pkg.name, version: pkg.version } as const;
