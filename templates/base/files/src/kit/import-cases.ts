/**
 * Draws records from the configured connector into evals/cases/imported-<date>.jsonl as
 * unlabeled cases: redacted, de-duplicated against every existing case, tagged `unlabeled`,
 * with no `expected`. The eval runner refuses them until the owners label them, so real data
 * enters the eval set early and is never scored against a guess. (`npm run cases:import`)
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { CASE_FILE_MAX_BYTES, InputError, readInputFile } from './evals/input-file.js';
import { join, resolve, sep } from 'node:path';
import { type Connector, type Principal, type Row, clampLimit, redactValue, systemPrincipal } from './connectors/connector.js';
import { formatIssues } from './issues.js';
import { inputSchema } from '../pipeline.js';

export const UNLABELED_TAG = 'unlabeled';

export interface ImportOptions {
  connector: Connector;
  limit: number;
  casesDir?: string;
  now?: Date;
  principal?: Principal;
}

export interface ImportResult {
  /** The file written, or null when nothing new was found. */
  file: string | null;
  written: number;
  /** Records whose input equals an existing case's (or another drawn record's). */
  duplicates: number;
  /** Records that cannot be a case, with the reason (e.g. both text fields empty). */
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * A row as the use case's input: its columns/fields are matched to the input fields by name
 * (`SELECT title AS subject` when they differ), extra ones dropped, missing or NULL text left
 * empty. Strings are redacted here, so no raw personal data is written to a case file.
 */
export function rowToInput(row: Row): unknown {
  const shape = (inputSchema as { shape?: Record<string, unknown> }).shape;
  const fields = shape ? Object.keys(shape) : Object.keys(row).filter((key) => key !== 'id');
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    const value = row[field];
    picked[field] = value === null || value === undefined ? '' : typeof value === 'object' ? value : String(value);
  }
  return redactValue(picked);
}

/** Two inputs are the same case when they differ only in case, spacing or invisible characters. */
export function dedupKey(input: unknown): string {
  const normalize = (value: unknown): unknown => {
    if (typeof value === 'string')
      return value
        .replace(/[\u200b-\u200d\ufeff]/g, '')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase();
    if (Array.isArray(value)) return value.map(normalize);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, v]) => [k, normalize(v)]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(normalize(input)))
    .digest('hex');
}

/** Ids and input keys of every case already in the folder, labeled or not. Unparsable lines are the eval runner's to report. */
function existingCases(casesDir: string): { ids: Set<string>; inputs: Set<string> } {
  const ids = new Set<string>();
  const inputs = new Set<string>();
  if (!existsSync(casesDir)) return { ids, inputs };
  // The pilot bounds what may be read; a cases folder elsewhere (tests) bounds itself.
  const root = resolve(casesDir).startsWith(process.cwd() + sep) ? process.cwd() : resolve(casesDir);
  for (const name of readdirSync(casesDir).filter((n) => n.endsWith('.jsonl'))) {
    let text: string;
    try {
      // Bounded, regular files inside the pilot only: a FIFO or a link to /dev/zero must not hang or fill memory.
      text = readInputFile(join(casesDir, name), 'case file', CASE_FILE_MAX_BYTES, root);
    } catch (err) {
      if (err instanceof InputError) continue; // `npm run eval` names the file and the reason
      throw err;
    }
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      try {
        const value = JSON.parse(line) as { id?: unknown; input?: unknown };
        if (typeof value.id === 'string') ids.add(value.id);
        if (value.input !== undefined) inputs.add(dedupKey(redactValue(value.input)));
      } catch {
        // left for `npm run eval`, which names the file and line
      }
    }
  }
  return { ids, inputs };
}

export async function importCases(options: ImportOptions): Promise<ImportResult> {
  const casesDir = options.casesDir ?? 'evals/cases';
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  const info = options.connector.describe();
  const limit = clampLimit(options.limit);
  // Draw extra: some records will be duplicates or unusable, and the caller asked for `limit` new cases.
  const rows = await options.connector.sample(clampLimit(limit * 3), options.principal ?? systemPrincipal('cases-import'));
  const { ids, inputs } = existingCases(casesDir);
  const lines: string[] = [];
  const result: ImportResult = { file: null, written: 0, duplicates: 0, skipped: [] };

  for (const row of rows) {
    if (lines.length >= limit) break;
    const parsed = inputSchema.safeParse(rowToInput(row));
    if (!parsed.success) {
      result.skipped.push({ id: row.id, reason: formatIssues(parsed.error).join('; ') });
      continue;
    }
    const id = `imp-${createHash('sha256').update(`${info.kind}:${row.id}`).digest('hex').slice(0, 10)}`;
    const key = dedupKey(parsed.data);
    if (ids.has(id) || inputs.has(key)) {
      result.duplicates += 1;
      continue;
    }
    ids.add(id);
    inputs.add(key);
    // No `expected`: a person adds it. `criteria` is left for them to fill in as well.
    lines.push(JSON.stringify({ id, input: parsed.data, tags: [UNLABELED_TAG], source: `imported from ${info.kind} ${info.source}, record ${row.id}, on ${day}`, criteria: [] }));
  }

  if (lines.length > 0) {
    mkdirSync(casesDir, { recursive: true });
    const file = join(casesDir, `imported-${day}.jsonl`);
    appendFileSync(file, `${lines.join('\n')}\n`, 'utf8');
    result.file = file;
    result.written = lines.length;
  }
  return result;
}
