/**
 * The current process, runnable offline: the team's canned first reply with the subject filled in.
 * Scored exactly like the pipeline. Kept as it is, mistakes included: it answers nothing, and it
 * echoes the subject line, personal data and all. The pilot has to beat this, not a straw man.
 */
import type { Input } from '../pipeline.js';
import { CANNED_REPLY } from './template.js';

export interface BaselineOutput {
  reply: string;
}

export function runBaseline(input: Input): BaselineOutput {
  return { reply: CANNED_REPLY.replaceAll('{subject}', input.subject.trim() || 'your request') };
}
