// The right answer for a bench case, shared by both model stand-ins: the loopback HTTP server
// (loopback-model.ts) and the in-process model of the boundary server (instant-model.ts). Each
// knows the cases by subject line (each one is unique) and never guesses: a prompt it cannot
// match is answered "other" and counted, and the bench refuses a run with any.

export interface KnownCase {
  subject: string;
  label: string;
}

export interface PromptMessage {
  content: unknown;
}

export interface BenchAnswer {
  /** The completion text: the JSON object the classify pipeline asks for. */
  content: string;
  /** False when no known subject was in the prompt (the answer is then "other"). */
  matched: boolean;
}

/** The messages as one text, as a model would read them. */
export const promptText = (messages: readonly PromptMessage[]): string => messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');

const answerText = (label: string): string => JSON.stringify({ label, confidence: 0.9, reason: 'bench loopback answer' });

/** A function from a prompt to the label its case expects, as the completion text. */
export function caseAnswerer(cases: readonly KnownCase[]): (prompt: string) => BenchAnswer {
  // The pipeline puts `Subject: <subject>` on its own line inside the user message; a subject
  // is known only as that whole line, so "Refund" does not match "Refund twice". The answers
  // are built once: the in-process stand-in answers at the service's full rate.
  const bySubject = new Map(cases.map((c) => [c.subject, { content: answerText(c.label), matched: true }]));
  const unknown: BenchAnswer = { content: answerText('other'), matched: false };
  const marker = 'Subject: ';
  return (prompt) => {
    for (let at = prompt.indexOf(marker); at !== -1; at = prompt.indexOf(marker, at + 1)) {
      if (at > 0 && prompt[at - 1] !== '\n') continue;
      const end = prompt.indexOf('\n', at);
      const known = bySubject.get(prompt.slice(at + marker.length, end === -1 ? undefined : end));
      if (known) return known;
    }
    return unknown;
  };
}
