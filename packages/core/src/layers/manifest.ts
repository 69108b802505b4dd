import * as z from 'zod/mini';
import '../zod-messages.js';
import { ANSWER_KEYS } from '../answers/schema.js';
import { lazy } from '../lazy.js';

export const MANIFEST_FILE = 'layer.json';
export const LAYER_KINDS = ['base', 'use-case', 'connector', 'auth'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

export const MERGE_STRATEGIES = ['json', 'lines'] as const;
export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

/**
 * Who owns a generated file, which decides what `update` may do to it:
 * - managed: the generator keeps it current; the team's edits are merged three ways, never dropped;
 * - seed: the team's from the first commit; written at create, never touched by update;
 * - structured: merged key by key (package.json, .env.example, YAML), so both sides' keys survive.
 * A path no layer claims is managed: an update then still brings fixes, and merges edits.
 */
export const FILE_POLICIES = ['managed', 'seed', 'structured'] as const;
export type FilePolicy = (typeof FILE_POLICIES)[number];

/** Output paths with `*` (within a segment) and `**` (any depth); nothing else is special. */
const GLOB = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_.*@+\-/]+$/;
const GLOB_FREE = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9_.@+\-/]+$/;
const semverString = () => z.string().check(z.regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'version must be semver, e.g. 0.1.0'));
const globList = () => z.array(z.string().check(z.regex(GLOB, 'an ownership glob is a relative output path with * or **, e.g. src/baseline/**')));

const makeLayerManifestSchema = () =>
  z.strictObject({
    id: z.string().check(z.regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'id must be lower-case kebab, e.g. api-key')),
    kind: z.enum(LAYER_KINDS, { error: `kind must be one of: ${LAYER_KINDS.join(', ')}` }),
    version: z.string().check(z.regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'version must be semver, e.g. 0.1.0')),
    description: z.string().check(z.trim(), z.minLength(1, 'description must not be empty'), z.maxLength(120, 'description must be one short line (120 characters at most)')),
    prompts: z._default(z.array(z.enum(ANSWER_KEYS as [string, ...string[]], { error: `prompts must name answer keys: ${ANSWER_KEYS.join(', ')}` })), []),
    merge: z._default(z.record(z.string().check(z.minLength(1)), z.enum(MERGE_STRATEGIES, { error: `a merge strategy must be one of: ${MERGE_STRATEGIES.join(', ')}` })), {}),
    /** Output paths this version moved: `update` carries the team's edits from the old path to the new. */
    moved: z._default(
      z.record(
        z.string().check(z.regex(GLOB_FREE, 'a moved path is a plain relative output path')),
        z.string().check(z.regex(GLOB_FREE, 'a moved path is a plain relative output path')),
      ),
      {},
    ),
    /** Code run once by `update` when a pilot crosses `version`: see templates/README.md. */
    migrations: z._default(
      z.array(
        z.strictObject({
          version: semverString(),
          script: z.string().check(z.regex(/^migrations\/[A-Za-z0-9._-]+\.mjs$/, 'a migration script lives in the layer as migrations/<name>.mjs')),
        }),
      ),
      [],
    ),
    ownership: z._default(z.strictObject({ seed: z._default(globList(), []), structured: z._default(globList(), []) }), { seed: [], structured: [] }),
  });

/** Built on first use: a scaffold from the shipped pack validates no manifest (the build did). */
export const layerManifestSchema = lazy(makeLayerManifestSchema);
export type LayerManifest = z.infer<ReturnType<typeof makeLayerManifestSchema>>;
