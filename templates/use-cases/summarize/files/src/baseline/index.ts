/**
 * The current process, runnable offline: the lead sentences, what a person skimming the top of the
 * thread takes away (and what a ticket preview shows). Scored exactly like the pipeline. Kept as it
 * is, mistakes included: a long forwarded thread leads with old quoted text, and the ask at the end
 * is cut off. The pilot has to beat this, not a straw man.
 */
import { type Input, MAX_WORDS } from '../pipeline.js';

export interface BaselineOutput {
  summary: string;
  /** How many sentences were taken. */
  sentences: number;
}

/** Sentences of the body (or the subject when the body is empty), in order, up to MAX_WORDS. */
export function runBaseline(input: Input): BaselineOutput {
  const text = input.body.trim() || input.subject.trim();
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^[>\s]+/, '').trim())
    .filter(Boolean);
  const taken: string[] = [];
  let count = 0;
  for (const sentence of sentences) {
    const n = sentence.split(/\s+/).length;
    if (count + n > MAX_WORDS) {
      if (taken.length === 0) taken.push(sentence.split(/\s+/).slice(0, MAX_WORDS).join(' '));
      break;
    }
    taken.push(sentence);
    count += n;
  }
  return { summary: taken.join(' ') || '(empty)', sentences: taken.length };
}
