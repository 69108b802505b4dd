// The interactive path: with a terminal on stdin the CLI asks for what flags did not give.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { userEnv } from '../../support/env.js';
import { entries, workDir } from '../../support/run-cli.js';
import { openTerminal } from '../../support/tmux.js';

describe('prompts in a terminal', () => {
  it('asks for the folder and every answer, validates as it goes, and scaffolds', async () => {
    const cwd = await workDir();
    const term = await openTerminal(`${inject('cliBin')} --no-install --no-git`, cwd, userEnv({ TERM: 'xterm-256color' }));
    try {
      await term.waitFor(/Project folder/);
      await term.type('tty-pilot');
      await term.press('Enter');
      await term.waitFor(/What should the pilot do\?/);
      await term.press('Enter');
      await term.waitFor(/Where does its real data come from\?/);
      await term.press('Enter');
      await term.waitFor(/How do callers authenticate\?/);
      await term.press('Enter');
      await term.waitFor(/Which team owns it\?/);
      // No placeholder that looks like a default: Enter on the empty field is refused, saying what to type.
      await term.press('Enter');
      await term.waitFor(/owner must be a GitHub team or user handle such as @acme\/support-ai/);
      await term.type('support team');
      await term.press('Enter');
      await term.waitFor(/owner must be a GitHub team or user handle/);
      await term.press('C-u');
      await term.type('@acme/tty-team');
      await term.press('Enter');
      await term.waitFor(/Who is on call for it\?/);
      await term.press('Enter');
      await term.waitFor(/One line: what does it do, for whom\?/);
      await term.press('Enter');
      const screen = await term.waitFor(/EXIT=\d+/, 30_000);
      expect(screen).toContain('EXIT=0');
      expect(screen).toContain('Created tty-pilot');
    } finally {
      await term.kill();
    }
    const codeowners = await readFile(join(cwd, 'tty-pilot/.github/CODEOWNERS'), 'utf8');
    expect(codeowners).toMatch(/^\* @acme\/tty-team$/m);
    const provenance = JSON.parse(await readFile(join(cwd, 'tty-pilot/.pilot-slice.json'), 'utf8'));
    expect(provenance.answers.oncall).toBe('@acme/tty-team');
  });

  it('asks nothing that a flag answered', async () => {
    const cwd = await workDir();
    const cli = `${inject('cliBin')} flagged --use-case classify --connector sqlite --auth api-key --owner @acme/ai --oncall rota --description "Sort mail" --no-install --no-git`;
    const term = await openTerminal(cli, cwd, userEnv({ TERM: 'xterm-256color' }));
    try {
      const screen = await term.waitFor(/EXIT=\d+/, 30_000);
      expect(screen).toContain('EXIT=0');
      expect(screen).not.toMatch(/\?/);
    } finally {
      await term.kill();
    }
  });

  it('exits 130 on Ctrl-C at a prompt and writes nothing', async () => {
    const cwd = await workDir();
    const term = await openTerminal(`${inject('cliBin')} cancelled --no-install --no-git`, cwd, userEnv({ TERM: 'xterm-256color' }));
    try {
      await term.waitFor(/What should the pilot do\?/);
      await term.press('C-c');
      const screen = await term.waitFor(/EXIT=\d+/);
      expect(screen).toContain('EXIT=130');
    } finally {
      await term.kill();
    }
    expect(await entries(cwd)).toEqual([]);
  });
});
