/** The current process, runnable offline: one regex per field. Scored exactly like the pipeline. */
import { type FieldType, type FieldValue, type Input, fields } from '../pipeline.js';
import { rules } from './rules.js';

export type BaselineOutput = Record<string, FieldValue>;

/** The matched text as a value of the field's type; a value that does not parse is null, as the parser left it blank. */
function typed(type: FieldType, text: string): FieldValue {
  const value = text.trim();
  if (type === 'number') {
    const n = Number(value.replaceAll(',', ''));
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'boolean') return /^(yes|true)$/i.test(value);
  return value === '' ? null : value;
}

export function runBaseline(input: Input): BaselineOutput {
  const text = `${input.subject}\n${input.body}`;
  const output: BaselineOutput = {};
  for (const rule of rules) {
    const type: FieldType = fields.find((f) => f.name === rule.field)?.type ?? 'string';
    const match = rule.pattern.exec(text)?.[1];
    output[rule.field] = match === undefined ? null : typed(type, match);
  }
  return output;
}
