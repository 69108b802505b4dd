import { basename, resolve } from 'node:path';
import * as clack from '@clack/prompts';
import pc from 'picocolors';
import {
  type AnswerKey,
  type Catalog,
  DEFAULT_SETS,
  OVERLAY_VALUES,
  type OverlayKind,
  type PartialAnswers,
  PilotSliceError,
  SET_KEYS,
  type SetKey,
  availableIds,
  decisionDateProblem,
  defaultAnswers,
  describeCatalog,
  formatSet,
  packageNameProblems,
  parsePartialAnswers,
  suggestPackageName,
} from '@pilot-slice/core';

export { intro, outro } from '@clack/prompts';

/**
 * The answers asked interactively, in order. `name` is not here: it comes from the folder. The sets
 * (labels, queues, priorities, fields) are asked only for the use case that takes them.
 */
export const PROMPT_ORDER: AnswerKey[] = ['useCase', ...SET_KEYS, 'connector', 'auth', 'owner', 'oncall', 'description', 'decisionDate'];

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
  decisionDate: 'When do the owners decide to ship, extend or stop? YYYY-MM-DD, such as 2027-03-01',
  labels: 'Labels to choose from, comma-separated, such as refund,shipping,other (your own set ships the examples unlabeled)',
  queues: 'Queues to route to, comma-separated, such as billing,technical,general (your own set ships the examples unlabeled)',
  priorities: 'Priorities, most urgent first, comma-separated, such as urgent,normal,low',
  fields: 'Fields to extract, as name:type (string, number, date, boolean), comma-separated, such as invoice_number:string,total:number',
};

const isSetKey = (key: AnswerKey): key is SetKey => (SET_KEYS as readonly string[]).includes(key);

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
 * Asks only for `keys`. Initial values (accepted with Enter) are the recorded answers, else the
 * defaults for the answers so far: the description and the sets follow the use case just chosen.
 * Each answer is validated by the same schema as flags and files.
 */
export async function askAnswers(keys: readonly AnswerKey[], known: { flags: PartialAnswers; recorded: PartialAnswers }, catalog: Catalog): Promise<PartialAnswers> {
  const answers: PartialAnswers = {};
  for (const key of keys) {
    const sofar = { ...known.recorded, ...answers, ...known.flags };
    const useCase = sofar.useCase ?? 'classify';
    if (isSetKey(key) && DEFAULT_SETS[useCase][key] === undefined) continue;
    const initial: PartialAnswers = { ...defaultAnswers(sofar, new Date()), ...known.recorded, ...answers };
    const choice = CHOICES[key];
    const value = choice
      ? await askChoice(key, choice, initial, catalog)
      : await askText(key, TEXTS[key] ?? key, initialText(initial[key]) ?? (key === 'oncall' ? (answers.owner ?? initial.owner) : undefined));
    Object.assign(
      answers,
      parsePartialAnswers({ [key]: value }, (k) => k),
    );
  }
  return answers;
}

/** A set's initial value as the user would type it: `billing,bug,other`. */
function initialText(value: PartialAnswers[AnswerKey]): string | undefined {
  return Array.isArray(value) ? formatSet(value) : value;
}

async function askChoice(key: AnswerKey, choice: NonNullable<(typeof CHOICES)[AnswerKey]>, initial: PartialAnswers, catalog: Catalog): Promise<string> {
  const available = new Set(availableIds(catalog, choice.kind));
  const described = new Map(describeCatalog(catalog)[choice.kind].map((manifest) => [manifest.id, manifest.description]));
  const width = Math.max(...OVERLAY_VALUES[choice.kind].map((id) => id.length));
  const value = await clack.select({
    message: choice.message,
    initialValue: (initial[key] as string | undefined) ?? [...available][0],
    // The one line on when to pick each sits in the label, so every item shows it, not only the highlighted one.
    options: OVERLAY_VALUES[choice.kind].map((id) => ({
      value: id,
      label: `${id.padEnd(width)}  ${pc.dim(described.get(id) ?? 'not available in this version')}`,
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
        const parsed = parsePartialAnswers({ [key]: input ?? '' }, () => key);
        return parsed.decisionDate ? (decisionDateProblem(parsed.decisionDate) ?? undefined) : undefined;
      } catch (error) {
        return (error as Error).message.replace(`${key}: `, '');
      }
    },
  });
  return unlessCancelled(value);
}

/**
 * The last question before anything is written: the main answers, then Enter to go on. No (or
 * Ctrl-C) cancels like Ctrl-C at any prompt: exit 130, nothing written. Only asked when prompts are
 * (a terminal, no --yes), so scripts never stop here.
 */
export async function confirmCreate(summary: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const width = Math.max(...summary.map(([name]) => name.length));
  clack.note(summary.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n'), 'About to create');
  const go = await clack.confirm({ message: 'Create it? (Enter: yes)', initialValue: true });
  if (unlessCancelled(go) !== true) throw new PilotSliceError('INTERRUPTED', 'cancelled; nothing was written');
}

function unlessCancelled<T>(value: T): Exclude<T, symbol> {
  if (clack.isCancel(value)) throw new PilotSliceError('INTERRUPTED', 'cancelled; nothing was written');
  return value as Exclude<T, symbol>;
}
