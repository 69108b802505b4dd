import * as z from 'zod/mini';
import '../zod-messages.js';
import { PilotSliceError } from '../errors.js';
import { lazy } from '../lazy.js';
import { FILE_POLICIES, type FilePolicy } from '../layers/manifest.js';
import { assertInsideTarget } from '../render/output-path.js';

/** Written at the pilot's root; `update` and `check` read it to know what generated each file. */
export const PROVENANCE_FILE = '.pilot-slice.json';

const semver = () => z.string().check(z.regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'expected a semver version such as 0.1.0'));

const sha256Hex = () => z.string().check(z.regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest'));

const common = () => ({
  generator: z.strictObject({ name: z.string().check(z.minLength(1)), version: semver() }),
  layers: z.array(z.strictObject({ kind: z.enum(['base', 'use-case', 'connector', 'auth']), id: z.string().check(z.minLength(1)), version: semver() })).check(z.minLength(1)),
  // Checked against the answers schema by whoever uses them: a pilot made by an older generator may
  // lack answers added since (they take their defaults) or hold ones a migration renames.
  answers: z.record(z.string(), z.unknown()),
});

const makeProvenanceSchema = () =>
  z.discriminatedUnion('schemaVersion', [
    // 0.1.0: one sha256 per file, no owners (update derives them from the current templates).
    z.strictObject({ schemaVersion: z.literal(1), ...common(), files: z.record(z.string().check(z.minLength(1)), sha256Hex()) }),
    z.strictObject({
      schemaVersion: z.literal(2),
      ...common(),
      files: z.record(z.string().check(z.minLength(1)), z.strictObject({ sha256: sha256Hex(), policy: z.enum(FILE_POLICIES) })),
      /** Migrations already run, as `layer@version`: each runs once. */
      migrations: z._default(z.array(z.string()), []),
    }),
  ]);

export const provenanceSchema = lazy(makeProvenanceSchema);

export interface RecordedFile {
  sha256: string;
  /** Absent in provenance written before owners were recorded. */
  policy?: FilePolicy;
}

/** Provenance as the engine uses it, whichever schema version was on disk. */
export interface Provenance {
  schemaVersion: 2;
  generator: { name: string; version: string };
  layers: Array<{ kind: 'base' | 'use-case' | 'connector' | 'auth'; id: string; version: string }>;
  answers: Record<string, unknown>;
  files: Record<string, RecordedFile>;
  migrations: string[];
}

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
  if (result.success) {
    const data = result.data;
    // Update reads, writes and deletes these paths: one that leaves the pilot is refused before any planning.
    for (const path of Object.keys(data.files)) {
      try {
        assertInsideTarget(path, 'files');
      } catch {
        throw new PilotSliceError('INVALID_ANSWERS_FILE', `${source}: files: ${JSON.stringify(path)} is not a plain path inside the pilot; restore the file from git`);
      }
    }
    if (data.schemaVersion === 2) return data as Provenance;
    const files = Object.fromEntries(Object.entries(data.files).map(([path, sha256]) => [path, { sha256 }]));
    return { ...data, schemaVersion: 2, files, migrations: [] };
  }
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'file';
  throw new PilotSliceError('INVALID_ANSWERS_FILE', `${source}: ${where}: ${issue?.message ?? 'invalid'}; restore it from git`);
}
