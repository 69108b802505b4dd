// The questions `npm run cases:label` asks after a case's answer, answered in a tmux terminal: shared
// by the labelling e2e tests (label.test.ts) and the walk to ready (readiness-label.test.ts).
import type { Terminal } from './tmux.js';

/**
 * Submits the tags prompt with exactly `tags` ticked, toggling each option shown as needed, and
 * returns the tags that were ticked when it opened (cases:label ticks only the case's own tags).
 */
export async function tag(term: Terminal, tags: string[]): Promise<string[]> {
  const screen = await term.waitFor(/◆ {2}Tags[\s\S]*Space: select/);
  const block = screen.slice(screen.lastIndexOf('◆  Tags'));
  const options = [...block.matchAll(/^│\s+([◼◻])\s+(\S+)/gm)].map((m) => ({ ticked: m[1] === '◼', name: m[2] as string })).filter((o) => o.name !== 'another');
  for (const option of options) {
    if (option.ticked !== tags.includes(option.name)) await term.press('Space');
    await term.press('Down');
  }
  await term.press('Enter');
  return options.filter((o) => o.ticked).map((o) => o.name);
}

/** Answers "Why is this the right answer?" with `text`. */
export async function criterion(term: Terminal, text: string): Promise<void> {
  await term.waitFor(/◆ {2}Why is this the right answer\?/);
  await term.type(text);
  await term.press('Enter');
}
