import * as z from 'zod/mini';
import '../zod-messages.js';
import { ANSWER_KEYS } from '../answers/schema.js';
import { lazy } from '../lazy.js';

export const MANIFEST_FILE = 'layer.json';
export const LAYER_KINDS = ['base', 'use-case', 'connector', 'auth'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

export const MERGE_STRATEGIES = ['json', 'lines'] as const;
export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

const makeLayerManifestSchema = () =>
  z.strictObject({
    id: z.string().check(z.regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'id must be lower-case kebab, e.g. api-key')),
    kind: z.enum(LAYER_KINDS, { error: `kind must be one of: ${LAYER_KINDS.join(', ')}` }),
    version: z.string().check(z.regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'version must be semver, e.g. 0.1.0')),
    description: z.string().check(z.trim(), z.minLength(1, 'description must not be empty'), z.maxLength(120, 'description must be one short line (120 characters at most)')),
    prompts: z._default(z.array(z.enum(ANSWER_KEYS as [string, ...string[]], { error: `prompts must name answer keys: ${ANSWER_KEYS.join(', ')}` })), []),
    merge: z._default(z.record(z.string().check(z.minLength(1)), z.enum(MERGE_STRATEGIES, { error: `a merge strategy must be one of: ${MERGE_STRATEGIES.join(', ')}` })), {}),
  });

/** Built on first use: a scaffold from the shipped pack validates no manifest (the build did). */
export const layerManifestSchema = lazy(makeLayerManifestSchema);
export type LayerManifest = z.infer<ReturnType<typeof makeLayerManifestSchema>>;
