import * as z from 'zod/mini';
import '../zod-messages.js';
import { PilotSliceError } from '../errors.js';
import { lazy } from '../lazy.js';
import { answersSchema } from './schema.js';

/** Written at the pilot's root; `update` and `check` read it to know what generated each file. */
export const PROVENANCE_FILE = '.pilot-slice.json';

const semver = () => z.string().check(z.regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'expected a semver version such as 0.1.0'));

const makeProvenanceSchema = () =>
  z.strictObject({
    schemaVersion: z.literal(1),
    generator: z.strictObject({ name: z.string().check(z.minLength(1)), version: semver() }),
    layers: z.array(z.strictObject({ kind: z.enum(['base', 'use-case', 'connector', 'auth']), id: z.string().check(z.minLength(1)), version: semver() })).check(z.minLength(1)),
    answers: answersSchema,
    files: z.record(z.string().check(z.minLength(1)), z.string().check(z.regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest'))),
  });

export const provenanceSchema = lazy(makeProvenanceSchema);
export type Provenance = z.infer<ReturnType<typeof makeProvenanceSchema>>;

/** The input is built from validated answers and typed data, so it is written as is; reading it back validates. */
export function serializeProvenance(provenance: Provenance): string {
  return `${JSON.stringify(provenance, null, 2)}\n`;
}

/** Parses a provenance file's text; `source` names the file in the one-line error. */
export function parseProvenance(text: string, source: string): Provenance {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PilotSliceError('INVALID_ANSWERS_FILE', `${source}: not valid JSON (${(error as Error).message}); restore it from git`);
  }
  const result = provenanceSchema().safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'file';
  throw new PilotSliceError('INVALID_ANSWERS_FILE', `${source}: ${where}: ${issue?.message ?? 'invalid'}; restore it from git`);
}
