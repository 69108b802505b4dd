import * as z from 'zod/mini';
import '../zod-messages.js';
import { didYouMean } from './did-you-mean.js';
import { AUTHS, CONNECTORS, USE_CASES } from './options.js';
import { EXACT_VERSION, PACKAGE_MANAGERS } from './package-managers.js';
import { packageNameProblems } from './package-name.js';
import { FIELD_TYPES } from './use-case-sets.js';

/** No C0 or C1 control characters (U+0085 is a line break) and no Unicode line or paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused.
const ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
/**
 * Bidirectional controls (marks, embeddings, overrides, isolates): an answer lands in README, RUNBOOK and
 * CODEOWNERS, where they could make text display as something other than what it says (CVE-2021-42574).
 */
const NO_BIDI = /^[^\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*$/;

/** A CODEOWNERS owner: `@org/team` or `@user`. Email owners are legal in CODEOWNERS but cannot be paged by a team. */
export const OWNER_PATTERN = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;

/**
 * Refused, not escaped: the same answer lands in Markdown (README, RUNBOOK), JSON (package.json) and
 * YAML, and each would need its own escaping, which would then show as stray backslashes in the
 * others. A one-line description or on-call name needs no markup, so refusing keeps every file plain.
 */
const NO_MARKUP = /^[^<>`]*$/;

const oneLine = (field: string, max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, `${field} must not be empty`),
      z.maxLength(max, `${field} must be at most ${max} characters`),
      z.regex(ONE_LINE, `${field} must be a single line of text, with no control characters or line separators`),
      z.regex(NO_BIDI, `${field} must not contain bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)`),
      z.regex(NO_MARKUP, `${field} must be plain text without < > or \` (README.md would read them as HTML or code); letters, digits, spaces and other punctuation are fine`),
    );

/** A label, queue, priority or field name: it lands in prompts, JSON and TypeScript string literals. */
const SET_VALUE = /^[a-z][a-z0-9_]{0,39}$/;
/** SET_VALUE in words, all of it: a 41-character name must not be told only about the characters. */
const SET_VALUE_RULE = 'a lower-case letter, then lower-case letters, digits or _, at most 40 characters in all';

/** The refused name quoted (cut short if long, since it may come from a file), then the whole rule. */
const setValueCheck = (what: string, example: string) =>
  z.regex(SET_VALUE, {
    error: (issue) => {
      const input = String(issue.input);
      const shown = input.length > 44 ? `${input.slice(0, 40)}…` : input;
      return `"${shown}" (${input.length} characters) is not a valid ${what}: use ${SET_VALUE_RULE} (e.g. ${example})`;
    },
  });

/** `a,b,c` (a flag, a prompt) or ["a", "b", "c"] (an answers file, provenance): the same list. */
const listInput = z.pipe(
  z.union([z.string(), z.array(z.string())]),
  z.transform((value) => (typeof value === 'string' ? value.split(',') : value).map((item) => item.trim()).filter((item) => item !== '')),
);

function uniqueNames(names: readonly string[], ctx: z.core.$RefinementCtx<unknown>): void {
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) ctx.addIssue({ code: 'custom', message: `lists "${repeated}" twice`, input: names });
}

const valueList = (example: string) =>
  z.pipe(
    listInput,
    z.array(z.string().check(setValueCheck('name', example))).check(
      z.minLength(2, `needs at least 2 values, comma-separated (e.g. ${example})`),
      z.maxLength(20, 'takes at most 20 values'),
      z.superRefine((names, ctx) => uniqueNames(names, ctx)),
    ),
  );

const FIELD_EXAMPLE = 'invoice_number:string,total:number,due_date:date';

/** `name:type,...` or [{name, type}]: the fields an extract pilot reads from each document. */
const fieldInput = z.pipe(
  z.union([z.string(), z.array(z.union([z.string(), z.object({ name: z.string(), type: z.string() })]))]),
  z.transform((value) =>
    (typeof value === 'string' ? value.split(',') : value)
      .map((item) => {
        if (typeof item !== 'string') return item;
        const [name = '', type = ''] = item.split(':').map((part) => part.trim());
        return { name, type };
      })
      .filter((field) => field.name !== '' || field.type !== ''),
  ),
);

const fieldList = z.pipe(
  fieldInput,
  z
    .array(
      z.strictObject({
        name: z.string().check(setValueCheck('field name', FIELD_EXAMPLE)),
        type: z.enum(FIELD_TYPES, { error: `each type must be one of ${FIELD_TYPES.join(', ')} (e.g. ${FIELD_EXAMPLE})` }),
      }),
    )
    .check(
      z.minLength(1, `needs at least one name:type (e.g. ${FIELD_EXAMPLE})`),
      z.maxLength(30, 'takes at most 30 fields'),
      z.superRefine((fields, ctx) =>
        uniqueNames(
          fields.map((f) => f.name),
          ctx,
        ),
      ),
    ),
);

export const answersSchema = z.strictObject({
  name: z.string().check(
    z.superRefine((name, ctx) => {
      const problems = packageNameProblems(name);
      if (problems.length > 0) {
        ctx.addIssue({ code: 'custom', message: `"${name}" is not a valid npm package name: ${problems.join('; ')}` });
      }
    }),
  ),
  description: oneLine('description', 300),
  useCase: z.enum(USE_CASES, { error: (issue) => `use case must be one of: ${USE_CASES.join(', ')}${didYouMean(issue.input, USE_CASES)}` }),
  connector: z.enum(CONNECTORS, { error: (issue) => `connector must be one of: ${CONNECTORS.join(', ')}${didYouMean(issue.input, CONNECTORS)}` }),
  auth: z.enum(AUTHS, { error: (issue) => `auth must be one of: ${AUTHS.join(', ')}${didYouMean(issue.input, AUTHS)}` }),
  owner: z.string().check(z.trim(), z.regex(OWNER_PATTERN, 'owner must be a GitHub team or user handle such as @acme/support-ai')),
  oncall: oneLine('oncall', 200),
  decisionDate: z.iso.date('decisionDate must be a date such as 2027-02-01'),
  /** classify: the labels to choose from. */
  labels: z.optional(valueList('refund,shipping,other')),
  /** triage: the queues to route to, and the priorities, most urgent first. */
  queues: z.optional(valueList('billing,technical,general')),
  priorities: z.optional(valueList('urgent,normal,low')),
  /** extract: the fields to read from each document. */
  fields: z.optional(fieldList),
  /** Detected from the manager that ran the generator; recorded so `update` renders the same workflow and Dockerfile. */
  packageManager: z.enum(PACKAGE_MANAGERS, { error: `packageManager must be one of: ${PACKAGE_MANAGERS.join(', ')}` }),
  /** Its exact version, when the generator could tell (the manager running it, else the one on PATH): package.json's `packageManager`, what CI and Docker install. */
  packageManagerVersion: z.optional(z.string().check(z.regex(EXACT_VERSION, 'packageManagerVersion must be an exact version such as 10.18.0'))),
});

export type Answers = z.infer<typeof answersSchema>;
export type AnswerKey = keyof Answers;
export const ANSWER_KEYS = Object.keys(answersSchema.shape) as AnswerKey[];

/** Any subset of the answers, each value already valid: what one source (flags, a file, prompts) contributes. */
export const partialAnswersSchema = z.partial(answersSchema);
export type PartialAnswers = z.infer<typeof partialAnswersSchema>;
