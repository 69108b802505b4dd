// The questions `npm run cases:label` asks, answered in a tmux terminal (a select, the tags, the
// criterion): shared by the labelling e2e tests (label.test.ts, label-shipped.test.ts) and the walk to
// ready (readiness-label.test.ts).
import { expect } from 'vitest';
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

export const escapeRegex = (text: string) => text.replace(/[?()]/g, '\\$&');

/** Moves the open select prompt (the last one headed `message`) to `value` and confirms it. */
export async function choose(term: Terminal, message: string, value: string): Promise<void> {
  const screen = await term.waitFor(new RegExp(`◆  ${escapeRegex(message)}[\\s\\S]*Enter: confirm`));
  const block = screen.slice(screen.lastIndexOf(message));
  const options = [...block.matchAll(/^│\s+([○●])\s+(\S+)/gm)].map((m) => ({ current: m[1] === '●', value: m[2] }));
  const from = options.findIndex((o) => o.current);
  const to = options.findIndex((o) => o.value === value);
  expect(to, `option ${value} in:\n${block}`).toBeGreaterThanOrEqual(0);
  for (let i = from; i !== to; i += to > from ? 1 : -1) await term.press(to > from ? 'Down' : 'Up');
  await term.press('Enter');
}
