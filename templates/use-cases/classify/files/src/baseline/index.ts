/** The current process, runnable offline: keyword routing. Scored exactly like the pipeline. */
import type { Input, Label } from '../pipeline.js';
import { fallbackLabel, rules } from './rules.js';

export interface BaselineOutput {
  label: Label;
  /** The keyword that decided, or null when the message fell through to the fallback label. */
  matched: string | null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Keywords match at the start of a word ("crash" matches "crashes", not "uncrashable").
const compiled = rules.map((r) => ({ ...r, patterns: r.keywords.map((k) => [k, new RegExp(`\\b${escapeRegExp(k)}`, 'i')] as const) }));

export function runBaseline(input: Input): BaselineOutput {
  const text = `${input.subject}\n${input.body}`;
  for (const rule of compiled) {
    const hit = rule.patterns.find(([, pattern]) => pattern.test(text));
    if (hit) return { label: rule.label, matched: hit[0] };
  }
  return { label: fallbackLabel, matched: null };
}
