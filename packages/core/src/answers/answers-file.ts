import { PilotSliceError } from '../errors.js';
import { parsePartialAnswers } from './resolve-answers.js';
import type { PartialAnswers } from './schema.js';

/**
 * An answers file is either a plain object of answers or a pilot's provenance file,
 * so `--answers-file other-pilot/.pilot-slice.json` recreates a pilot like that one.
 */
export function parseAnswersFile(text: string, source: string): PartialAnswers {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PilotSliceError('INVALID_ANSWERS_FILE', `${source}: not valid JSON (${firstLine(error)}); fix the file or drop --answers-file`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PilotSliceError('INVALID_ANSWERS_FILE', `${source}: expected a JSON object of answers such as {"owner": "@acme/support-ai"}`);
  }
  const answers = 'schemaVersion' in raw && 'answers' in raw ? (raw as { answers: unknown }).answers : raw;
  return parsePartialAnswers(answers, (key) => `${source}: ${key}`, 'INVALID_ANSWERS_FILE');
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split('\n')[0] ?? '';
}
