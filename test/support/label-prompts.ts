// The questions `npm run cases:label` asks after a case's answer, answered in a tmux terminal: shared
// by the labelling e2e tests (label.test.ts) and the walk to ready (readiness-label.test.ts).
import type { Terminal } from './tmux.js';

/** Submits the tags prompt with exactly `tags` ticked (the prompt starts with `happy` ticked). */
export async function tag(term: Terminal, tags: string[]): Promise<void> {
  await term.waitFor(/◆ {2}Tags[\s\S]*Space: select/);
  for (const name of ['happy', 'edge', 'adversarial', 'pii', 'regression']) {
    if ((name === 'happy') !== tags.includes(name)) await term.press('Space');
    await term.press('Down');
  }
  await term.press('Enter');
}

/** Answers "Why is this the right answer?" with `text`. */
export async function criterion(term: Terminal, text: string): Promise<void> {
  await term.waitFor(/◆ {2}Why is this the right answer\?/);
  await term.type(text);
  await term.press('Enter');
}
