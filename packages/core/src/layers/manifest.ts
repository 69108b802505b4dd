import * as z from 'zod';
import { ANSWER_KEYS } from '../answers/schema.js';

export const MANIFEST_FILE = 'layer.json';
export const LAYER_KINDS = ['base', 'use-case', 'connector', 'auth'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

export const MERGE_STRATEGIES = ['json', 'lines'] as const;
export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

export const layerManifestSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'id must be lower-case kebab, e.g. api-key'),
    kind: z.enum(LAYER_KINDS, { error: `kind must be one of: ${LAYER_KINDS.join(', ')}` }),
    version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'version must be semver, e.g. 0.1.0'),
    description: z.string().trim().min(1, 'description must not be empty').max(120, 'description must be one short line (120 characters at most)'),
    prompts: z
      .array(z.enum(ANSWER_KEYS as [string, ...string[]], { error: `prompts must name answer keys: ${ANSWER_KEYS.join(', ')}` }))
      .default([]),
    merge: z
      .record(
        z.string().min(1),
        z.enum(MERGE_STRATEGIES, { error: `a merge strategy must be one of: ${MERGE_STRATEGIES.join(', ')}` }),
      )
      .default({}),
  })
  .strict();

export type LayerManifest = z.infer<typeof layerManifestSchema>;
