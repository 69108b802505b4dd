// The interactive path: with a terminal on stdin the CLI asks for what flags did not give.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { userEnv } from '../../support/env.js';
import { entries, workDir } from '../../support/run-cli.js';
import { has } from '../../support/system-program.js';
import { openTerminal } from '../../support/tmux.js';

describe.runIf(has('tmux', 'prompts typed into a real terminal'))('prompts in a terminal', () => {
  it('asks for the folder and every answer, validates as it goes, and scaffolds', async () => {
    const cwd = await workDir();
    const term = await openTerminal(`${inject('cliBin')} --no-install --no-git`, cwd, userEnv({ TERM: 'xterm-256color' }));
    try {
      await term.waitFor(/Project folder/);
      await term.type('tty-pilot');
      await term.press('Enter');
      await term.waitFor(/What should the pilot do\?/);
      await term.press('Enter');
      await term.waitFor(/Labels to choose from/);
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
      await term.waitFor(/When do the owners decide/);
      await term.press('C-u');
      await term.type('2001-01-01');
      await term.press('Enter');
      await term.waitFor(/2001-01-01 is in the past/);
      await term.press('C-u');
      await term.type('2099-12-31');
      await term.press('Enter');
      // The summary to confirm, before anything is written; Enter goes on.
      const summary = await term.waitFor(/Create it\?/);
      expect(summary).toMatch(/About to create[\s\S]*use case\s+classify[\s\S]*connector\s+sqlite[\s\S]*auth\s+api-key[\s\S]*owner\s+@acme\/tty-team[\s\S]*folder\s+tty-pilot/);
      expect(await entries(cwd)).toEqual([]);
      await term.press('Enter');
      const screen = await term.waitFor(/EXIT=\d+/, 30_000);
      expect(screen).toContain('EXIT=0');
      expect(screen).toContain('Created tty-pilot');
      // The outro closes the prompts' frame before the next steps and the readiness table, not after them.
      const order = ['Created tty-pilot', 'Ship the slice, not the demo.', 'Next steps:', 'Readiness'].map((text) => screen.indexOf(text));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    } finally {
      await term.kill();
    }
    const codeowners = await readFile(join(cwd, 'tty-pilot/.github/CODEOWNERS'), 'utf8');
    expect(codeowners).toMatch(/^\* @acme\/tty-team$/m);
    const provenance = JSON.parse(await readFile(join(cwd, 'tty-pilot/.pilot-slice.json'), 'utf8'));
    expect(provenance.answers).toMatchObject({ oncall: '@acme/tty-team', decisionDate: '2099-12-31', labels: ['billing', 'bug', 'account', 'feature_request', 'other'] });
  });

  it('lists every use case with its one line, and a triage pilot made there is described as triage everywhere', async () => {
    const cwd = await workDir();
    const term = await openTerminal(`${inject('cliBin')} triage-pilot --no-install --no-git`, cwd, userEnv({ TERM: 'xterm-256color' }));
    try {
      const list = await term.waitFor(/What should the pilot do\?[\s\S]*extract/);
      // Every item shows its line, not only the highlighted one.
      for (const [id, words] of [
        ['classify', 'Pick when each message needs one label'],
        ['triage', 'Pick when tickets need a queue'],
        ['summarize', 'Pick when people read long threads'],
        ['draft', 'Pick when agents write replies'],
        ['extract', 'Pick when someone retypes fields'],
      ]) {
        expect(list).toMatch(new RegExp(`${id}\\s+${words}`));
      }
      await term.press('Down');
      await term.press('Enter');
      await term.waitFor(/Queues to route to/);
      await term.press('Enter');
      await term.waitFor(/Priorities, most urgent first/);
      await term.press('Enter');
      await term.waitFor(/Where does its real data come from\?/);
      await term.press('Enter');
      await term.waitFor(/How do callers authenticate\?/);
      await term.press('Enter');
      await term.waitFor(/Which team owns it\?/);
      await term.type('@acme/triage-team');
      await term.press('Enter');
      await term.waitFor(/Who is on call for it\?/);
      await term.press('Enter');
      const described = await term.waitFor(/One line: what does it do, for whom\?/);
      expect(described).toContain('A triage pilot with a human in the loop');
      await term.press('Enter');
      await term.waitFor(/When do the owners decide/);
      await term.press('Enter');
      await term.waitFor(/Create it\?/);
      await term.press('Enter');
      const screen = await term.waitFor(/EXIT=\d+/, 30_000);
      expect(screen).toContain('EXIT=0');
      expect(screen).toContain('(triage, sqlite, api-key');
    } finally {
      await term.kill();
    }
    const dir = join(cwd, 'triage-pilot');
    const provenance = JSON.parse(await readFile(join(dir, '.pilot-slice.json'), 'utf8'));
    expect(provenance.answers).toMatchObject({ useCase: 'triage', description: 'A triage pilot with a human in the loop', queues: ['billing', 'technical', 'account', 'general'] });
    for (const file of ['README.md', 'package.json', 'success-criteria.yaml', 'RUNBOOK.md', 'src/pipeline.ts']) {
      const text = await readFile(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/classify/i);
    }
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toContain('A triage pilot with a human in the loop');
    expect(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).description).toBe('A triage pilot with a human in the loop');
  });

  const FLAGGED =
    '--use-case classify --connector sqlite --auth api-key --owner @acme/ai --oncall rota --description "Sort mail" --labels billing,bug,account,feature_request,other --decision-date 2099-12-31 --no-install --no-git';

  it('asks nothing that a flag answered: only the confirmation before writing', async () => {
    const cwd = await workDir();
    const term = await openTerminal(`${inject('cliBin')} flagged ${FLAGGED}`, cwd, userEnv({ TERM: 'xterm-256color' }));
    try {
      const asked = await term.waitFor(/Create it\?/);
      expect(asked.replace('Create it?', '')).not.toMatch(/\?/);
      await term.press('Enter');
      const screen = await term.waitFor(/EXIT=\d+/, 30_000);
      expect(screen).toContain('EXIT=0');
    } finally {
      await term.kill();
    }
  });

  it('cancels at the confirmation with n: exit 130, nothing written', async () => {
    const cwd = await workDir();
    const term = await openTerminal(`${inject('cliBin')} declined ${FLAGGED}`, cwd, userEnv({ TERM: 'xterm-256color' }));
    try {
      await term.waitFor(/Create it\?/);
      await term.type('n');
      const screen = await term.waitFor(/EXIT=\d+/);
      expect(screen).toContain('EXIT=130');
      expect(screen).toContain('✖ cancelled; nothing was written');
    } finally {
      await term.kill();
    }
    expect(await entries(cwd)).toEqual([]);
  });

  it('does not stop to confirm with --yes', async () => {
    const cwd = await workDir();
    const term = await openTerminal(`${inject('cliBin')} confirmed ${FLAGGED} --yes`, cwd, userEnv({ TERM: 'xterm-256color' }));
    try {
      const screen = await term.waitFor(/EXIT=\d+/, 30_000);
      expect(screen).toContain('EXIT=0');
      expect(screen).not.toContain('Create it?');
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
