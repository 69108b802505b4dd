import * as z from 'zod/mini';
import '../zod-messages.js';
import { AUTHS, CONNECTORS, USE_CASES } from './options.js';
import { packageNameProblems } from './package-name.js';

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

const oneLine = (field: string, max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, `${field} must not be empty`),
      z.maxLength(max, `${field} must be at most ${max} characters`),
      z.regex(ONE_LINE, `${field} must be a single line of text, with no control characters or line separators`),
      z.regex(NO_BIDI, `${field} must not contain bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)`),
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
  useCase: z.enum(USE_CASES, { error: `use case must be one of: ${USE_CASES.join(', ')}` }),
  connector: z.enum(CONNECTORS, { error: `connector must be one of: ${CONNECTORS.join(', ')}` }),
  auth: z.enum(AUTHS, { error: `auth must be one of: ${AUTHS.join(', ')}` }),
  owner: z.string().check(z.trim(), z.regex(OWNER_PATTERN, 'owner must be a GitHub team or user handle such as @acme/support-ai')),
  oncall: oneLine('oncall', 200),
  decisionDate: z.iso.date('decisionDate must be a date such as 2027-02-01'),
});

export type Answers = z.infer<typeof answersSchema>;
export type AnswerKey = keyof Answers;
export const ANSWER_KEYS = Object.keys(answersSchema.shape) as AnswerKey[];

/** Any subset of the answers, each value already valid: what one source (flags, a file, prompts) contributes. */
export const partialAnswersSchema = z.partial(answersSchema);
export type PartialAnswers = z.infer<typeof partialAnswersSchema>;
