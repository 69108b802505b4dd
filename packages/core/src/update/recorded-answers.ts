import { PilotSliceError } from '../errors.js';
import { defaultAnswers, parsePartialAnswers, resolveAnswers } from '../answers/resolve-answers.js';
import { ANSWER_KEYS, type Answers, type PartialAnswers } from '../answers/schema.js';
import { PROVENANCE_FILE } from '../answers/provenance.js';
import { SET_KEYS, type SetKey, setKeysOf } from '../answers/use-case-sets.js';

/**
 * The answers the new version renders with: the recorded ones (after migrations), then `--set`
 * on top. Answers added to the schema since the pilot was made take their defaults; recorded keys
 * the schema no longer knows are dropped (a migration that still needs one reads it first).
 */
export function answersForUpdate(recorded: Record<string, unknown>, set: Record<string, string>): { answers: Answers; dropped: Array<SetKey | 'description'> } {
  const known = Object.fromEntries(Object.entries(recorded).filter(([key]) => (ANSWER_KEYS as string[]).includes(key)));
  const kept = parsePartialAnswers(known, (key) => `${PROVENANCE_FILE}: answers.${key}`, 'INVALID_ANSWERS_FILE');
  const overrides = parsePartialAnswers(set, (key) => `--set ${key}`);
  if ('name' in overrides && overrides.name !== kept.name) {
    throw new PilotSliceError('INVALID_ANSWERS', "--set name: the name is the pilot's package name; rename the package in package.json instead");
  }
  // `--set useCase=triage` on a classify pilot: its recorded labels belong to classify, and go.
  const useCase = overrides.useCase ?? kept.useCase;
  const dropped = useCase ? SET_KEYS.filter((key) => key in kept && !(key in overrides) && !setKeysOf(useCase).includes(key)) : [];
  for (const key of dropped) delete kept[key];
  // A description the team never wrote (the old use case's default) follows the use case too.
  const followsDefault = useCase !== kept.useCase && !('description' in overrides) && kept.description === defaultAnswers(kept, new Date()).description;
  if (followsDefault) delete kept.description;
  return {
    answers: resolveAnswers({ recorded: kept, flags: overrides as PartialAnswers }, new Date(), { keepRecordedDate: true }),
    dropped: [...dropped, ...(followsDefault ? (['description'] as const) : [])],
  };
}

/** `--set key=value` pairs as an object; a pair without `=` or naming an unknown key is refused. */
export function parseSetPairs(pairs: readonly string[]): Record<string, string> {
  const set: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at) : '';
    if (!key) throw new PilotSliceError('USAGE', `--set ${pair}: expected key=value, e.g. --set oncall=@acme/ai-oncall`);
    if (!(ANSWER_KEYS as string[]).includes(key)) {
      throw new PilotSliceError('INVALID_ANSWERS', `--set ${key}: not a known answer (known: ${ANSWER_KEYS.join(', ')})`);
    }
    set[key] = pair.slice(at + 1);
  }
  return set;
}
