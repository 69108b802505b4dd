/**
 * What a use case tells `npm run cases:label` about its `expected` (its `src/label.ts`): the questions
 * that build one, in order, and how one of its answers becomes a draft `expected`. The kit asks the
 * questions and validates the result with the use case's `expectedSchema`; it never knows which use
 * case it is labelling, so a new use case is a new `src/label.ts`, not an edit here.
 */

/** Thrown by a question's `parse`: its message is shown under the prompt, and the question is asked again. */
export class AnswerError extends Error {
  override name = 'AnswerError';
}

/** Pick one value from a fixed set (a label, a queue, a priority). */
export interface ChoiceQuestion {
  kind: 'choice';
  key: string;
  message: string;
  options: readonly string[];
}

/** Free text turned into the field's value; `parse` returning undefined leaves an optional field out. */
export interface TextQuestion {
  kind: 'text';
  key: string;
  message: string;
  /** One line under the question: the format expected (e.g. "phrases separated by ;"). */
  hint?: string;
  parse: (text: string) => unknown;
  /** The field's value as the text `parse` reads back: how a draft is shown for editing. */
  format: (value: unknown) => string;
}

export type Question = ChoiceQuestion | TextQuestion;

export interface LabelSpec {
  questions: readonly Question[];
  /**
   * A pipeline or baseline answer as a draft `expected`: what "accept" saves when it validates, and
   * the starting values when the person types the answer. Defaults to the questions' keys picked
   * from the answer (right when the output is the expected shape plus reviewer fields).
   */
  draft: (answer: unknown) => Record<string, unknown>;
}

export function defineLabelSpec(spec: { questions: readonly Question[]; draft?: (answer: unknown) => Record<string, unknown> }): LabelSpec {
  const pick = (answer: unknown): Record<string, unknown> => {
    if (!answer || typeof answer !== 'object') return {};
    const record = answer as Record<string, unknown>;
    return Object.fromEntries(spec.questions.filter((q) => record[q.key] !== undefined).map((q) => [q.key, record[q.key]]));
  };
  return { questions: spec.questions, draft: spec.draft ?? pick };
}

export function choice(key: string, message: string, options: readonly string[]): ChoiceQuestion {
  return { kind: 'choice', key, message, options };
}

/** One line of text, required unless `optional` (then empty leaves the field out). */
export function line(key: string, message: string, options: { optional?: boolean } = {}): TextQuestion {
  return {
    kind: 'text',
    key,
    message,
    parse: (text) => {
      const value = text.trim();
      if (value) return value;
      if (options.optional) return undefined;
      throw new AnswerError('required: type the text');
    },
    format: (value) => (typeof value === 'string' ? value : ''),
  };
}

/**
 * A list of phrases, `;` between them; `|` between alternatives any of which will do, which become
 * a nested list (`charged twice | two charges; refund` -> [['charged twice', 'two charges'], 'refund']).
 */
export function phrases(key: string, message: string, options: { min?: number; optional?: boolean; alternatives?: boolean } = {}): TextQuestion {
  const min = options.min ?? 0;
  return {
    kind: 'text',
    key,
    message,
    hint: options.alternatives ? 'phrases separated by ; (alternatives within one by |)' : 'phrases separated by ;',
    parse: (text) => {
      const items = text
        .split(';')
        .map((item) => item.trim())
        .filter(Boolean)
        .map((item) => {
          if (!options.alternatives || !item.includes('|')) return item;
          return item
            .split('|')
            .map((alt) => alt.trim())
            .filter(Boolean);
        });
      if (items.length === 0 && options.optional) return undefined;
      if (items.length < min) throw new AnswerError(`give at least ${min} phrase(s), separated by ;`);
      return items;
    },
    format: (value) => (Array.isArray(value) ? value.map((item) => (Array.isArray(item) ? item.join(' | ') : String(item))).join('; ') : ''),
  };
}

/**
 * One field of a record that may be absent from the document: empty (or `null`) means null. Numbers
 * are read without thousands separators or currency signs; dates as YYYY-MM-DD (the schema checks).
 */
export function nullableField(key: string, message: string, type: 'string' | 'number' | 'date' | 'boolean'): TextQuestion {
  return {
    kind: 'text',
    key,
    message,
    hint: `${type === 'date' ? 'YYYY-MM-DD' : type}; leave empty when the document does not say`,
    parse: (text) => {
      const value = text.trim();
      if (!value || value === 'null') return null;
      if (type === 'number') {
        const number = Number(value.replace(/[\s,]/g, ''));
        if (!Number.isFinite(number)) throw new AnswerError(`${JSON.stringify(value)} is not a number (write 1250.50, without currency signs)`);
        return number;
      }
      if (type === 'boolean') {
        if (/^(yes|true|y)$/i.test(value)) return true;
        if (/^(no|false|n)$/i.test(value)) return false;
        throw new AnswerError('answer yes or no (or leave empty)');
      }
      return value;
    },
    format: (value) => (value === null || value === undefined ? '' : String(value)),
  };
}
