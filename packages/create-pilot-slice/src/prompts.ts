import { basename, resolve } from 'node:path';
import * as clack from '@clack/prompts';
import {
  type AnswerKey,
  type Catalog,
  OVERLAY_VALUES,
  type OverlayKind,
  type PartialAnswers,
  PilotSliceError,
  availableIds,
  describeCatalog,
  packageNameProblems,
  parsePartialAnswers,
  suggestPackageName,
} from '@pilot-slice/core';

export { intro, outro } from '@clack/prompts';

/** The answers asked interactively, in order. `name` is not here: it comes from the folder. */
export const PROMPT_ORDER: AnswerKey[] = ['useCase', 'connector', 'auth', 'owner', 'oncall', 'description'];

const CHOICES: Partial<Record<AnswerKey, { kind: OverlayKind; message: string }>> = {
  useCase: { kind: 'use-case', message: 'What should the pilot do?' },
  connector: { kind: 'connector', message: 'Where does its real data come from?' },
  auth: { kind: 'auth', message: 'How do callers authenticate?' },
};

/**
 * No placeholders: clack draws one dim in the input, where it looks like a default that Enter would
 * take, yet Enter submits an empty answer and is refused. The example sits in the question instead.
 */
const TEXTS: Partial<Record<AnswerKey, string>> = {
  owner: 'Which team owns it? A GitHub team or user for CODEOWNERS, such as @acme/support-ai',
  oncall: 'Who is on call for it?',
  description: 'One line: what does it do, for whom?',
};

export async function askFolder(initial: string, cwd: string): Promise<string> {
  const value = await clack.text({
    message: 'Project folder',
    placeholder: initial,
    defaultValue: initial,
    validate: (input) => {
      const problems = packageNameProblems(basename(resolve(cwd, input || initial)));
      return problems.length > 0 ? `${problems[0]}; try ${suggestPackageName(input ?? '')}` : undefined;
    },
  });
  return unlessCancelled(value);
}

/**
 * Asks only for `keys`; `initial` holds the recorded answers or defaults the user can accept with Enter.
 * Each answer is validated by the same schema as flags and files.
 */
export async function askAnswers(keys: readonly AnswerKey[], initial: PartialAnswers, catalog: Catalog): Promise<PartialAnswers> {
  const answers: PartialAnswers = {};
  for (const key of keys) {
    const choice = CHOICES[key];
    const value = choice
      ? await askChoice(key, choice, initial, catalog)
      : await askText(key, TEXTS[key] ?? key, initial[key] ?? (key === 'oncall' ? (answers.owner ?? initial.owner) : undefined));
    Object.assign(
      answers,
      parsePartialAnswers({ [key]: value }, (k) => k),
    );
  }
  return answers;
}

async function askChoice(key: AnswerKey, choice: NonNullable<(typeof CHOICES)[AnswerKey]>, initial: PartialAnswers, catalog: Catalog): Promise<string> {
  const available = new Set(availableIds(catalog, choice.kind));
  const described = new Map(describeCatalog(catalog)[choice.kind].map((manifest) => [manifest.id, manifest.description]));
  const value = await clack.select({
    message: choice.message,
    initialValue: (initial[key] as string | undefined) ?? [...available][0],
    options: OVERLAY_VALUES[choice.kind].map((id) => ({
      value: id,
      label: id,
      hint: described.get(id) ?? 'not available in this version',
      disabled: !available.has(id),
    })),
  });
  return unlessCancelled(value);
}

async function askText(key: AnswerKey, message: string, initial: string | undefined): Promise<string> {
  const value = await clack.text({
    message,
    ...(initial ? { initialValue: initial } : {}),
    validate: (input) => {
      try {
        parsePartialAnswers({ [key]: input ?? '' }, () => key);
        return undefined;
      } catch (error) {
        return (error as Error).message.replace(`${key}: `, '');
      }
    },
  });
  return unlessCancelled(value);
}

function unlessCancelled<T>(value: T): Exclude<T, symbol> {
  if (clack.isCancel(value)) throw new PilotSliceError('INTERRUPTED', 'cancelled; nothing was written');
  return value as Exclude<T, symbol>;
}
