import pkg from '../package.json' with { type: 'json' };

/** Set by build.mjs --version when tests build other versions of the CLI from fixture layers. */
declare const PILOT_SLICE_VERSION: string | undefined;

/** Recorded in every pilot's provenance; esbuild inlines the version, so the bundle reads no file for it. */
export const GENERATOR = { name: pkg.name, version: typeof PILOT_SLICE_VERSION === 'string' ? PILOT_SLICE_VERSION : pkg.version } as const;
