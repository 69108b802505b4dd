import { describe, expect, it } from 'vitest';
import type { PilotSliceError } from '../errors.js';
import { parseAnswersFile } from './answers-file.js';
import { ANSWER_PRECEDENCE, parsePartialAnswers, resolveAnswers } from './resolve-answers.js';

const today = new Date('2026-11-26T12:00:00Z');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as PilotSliceError).code;
  }
  return undefined;
}

describe('resolveAnswers', () => {
  it('states precedence as flags, prompts, recorded, defaults', () => {
    expect(ANSWER_PRECEDENCE).toEqual(['flags', 'prompts', 'recorded', 'defaults']);
  });

  it('lets flags beat prompts, prompts beat recorded answers, and recorded answers beat defaults', () => {
    const answers = resolveAnswers(
      {
        flags: { owner: '@flags/team' },
        prompts: { owner: '@prompts/team', oncall: 'prompted-rota' },
        recorded: { owner: '@recorded/team', oncall: 'recorded-rota', description: 'recorded text', name: 'from-file' },
      },
      today,
    );
    expect(answers.owner).toBe('@flags/team');
    expect(answers.oncall).toBe('prompted-rota');
    expect(answers.description).toBe('recorded text');
    expect(answers.name).toBe('from-file');
    expect(answers.connector).toBe('sqlite');
  });

  it('derives defaults from stronger answers: on-call is the owner, the decision is 90 days out', () => {
    const answers = resolveAnswers({ flags: { name: 'p', owner: '@acme/ai', useCase: 'triage' } }, today);
    expect(answers.oncall).toBe('@acme/ai');
    expect(answers.decisionDate).toBe('2027-02-24');
    expect(answers.description).toBe('A triage pilot with a human in the loop');
  });

  it("keeps a manager's version only with its manager, never another source's", () => {
    const base = { name: 'p', owner: '@acme/ai' };
    const resolve = (sources: Parameters<typeof resolveAnswers>[0]) => resolveAnswers(sources, today);
    const recorded = { ...base, packageManager: 'pnpm', packageManagerVersion: '10.18.0' } as const;
    // update, nothing changed: the recorded pair; --set packageManagerVersion: the new version for that manager.
    expect(resolve({ recorded })).toMatchObject({ packageManager: 'pnpm', packageManagerVersion: '10.18.0' });
    expect(resolve({ recorded, flags: { packageManagerVersion: '10.19.1' } })).toMatchObject({ packageManager: 'pnpm', packageManagerVersion: '10.19.1' });
    // Another manager chosen (update --set, or creating from another pilot's answers file) drops the old version.
    expect(resolve({ recorded, flags: { packageManager: 'bun' } }).packageManagerVersion).toBeUndefined();
    expect(resolve({ recorded, flags: { packageManager: 'npm', packageManagerVersion: '11.6.0' } })).toMatchObject({ packageManager: 'npm', packageManagerVersion: '11.6.0' });
  });

  it('refuses a version that is not exact, which package.json could not name', () => {
    expect(() => resolveAnswers({ flags: { name: 'p', owner: '@acme/ai', packageManagerVersion: '^10' } }, today)).toThrow(/exact version such as 10.18.0/);
  });

  it('refuses a pilot with no owner, naming the flag', () => {
    expect(() => resolveAnswers({ flags: { name: 'p' } }, today)).toThrow(/--owner @org\/team/);
    expect(codeOf(() => resolveAnswers({ flags: { name: 'p' } }, today))).toBe('MISSING_ANSWER');
  });
});

describe('parsePartialAnswers', () => {
  const asFlag = (key: string) => `--${key}`;

  it('reports an invalid package name with npm’s reason', () => {
    expect(() => parsePartialAnswers({ name: 'My Pilot' }, asFlag)).toThrow(/--name: "My Pilot" is not a valid npm package name: .*capital letters/);
  });

  it('reports an unknown use case with the values that exist', () => {
    expect(() => parsePartialAnswers({ useCase: 'poetry' }, asFlag)).toThrow('--useCase: use case must be one of: classify, triage, summarize, draft, extract');
  });

  it('refuses an owner that is not a GitHub handle', () => {
    expect(() => parsePartialAnswers({ owner: 'support team' }, asFlag)).toThrow(/owner must be a GitHub team or user handle/);
  });

  it('refuses multi-line free text, which would break single-line files', () => {
    expect(() => parsePartialAnswers({ description: 'one\ntwo' }, asFlag)).toThrow(/single line/);
  });

  it.each([
    ['U+0085 (next line)', 'one\u0085two'],
    ['U+2028 (line separator)', 'one\u2028two'],
    ['U+2029 (paragraph separator)', 'one\u2029two'],
    ['a C1 control', 'one\u009btwo'],
  ])('refuses %s in free text: it is a line break or control to README and RUNBOOK', (_, text) => {
    expect(() => parsePartialAnswers({ oncall: text }, asFlag)).toThrow('--oncall: oncall must be a single line of text, with no control characters or line separators');
  });

  it.each(['\u202e', '\u2066', '\u200f', '\u061c'])('refuses the bidirectional control %j, which makes text display other than it reads', (control) => {
    expect(() => parsePartialAnswers({ description: `Route mail${control} to queues` }, asFlag)).toThrow(
      /^--description: description must not contain bidirectional control characters/,
    );
  });

  it('keeps right-to-left text itself, which needs no control characters', () => {
    expect(parsePartialAnswers({ description: 'סיווג דואר נכנס' }, asFlag).description).toBe('סיווג דואר נכנס');
  });

  it('keeps text with template syntax as plain data', () => {
    expect(parsePartialAnswers({ description: 'Route {{ticket}} mail' }, asFlag).description).toBe('Route {{ticket}} mail');
  });
});

describe('parseAnswersFile', () => {
  it('reads a plain answers object', () => {
    expect(parseAnswersFile('{"owner":"@acme/ai","connector":"sqlite"}', 'a.json')).toEqual({ owner: '@acme/ai', connector: 'sqlite' });
  });

  it('reads the answers out of a provenance file', () => {
    expect(parseAnswersFile('{"schemaVersion":1,"answers":{"owner":"@acme/ai"}}', 'p.json')).toEqual({ owner: '@acme/ai' });
  });

  it.each([
    ['{"owner": ', /^a\.json: not valid JSON/],
    ['[1,2]', /^a\.json: expected a JSON object of answers/],
    ['{"colour":"blue"}', /^a\.json: colour: not a known answer/],
    ['{"auth":"saml"}', /^a\.json: auth: auth must be one of: oidc, api-key, gateway/],
  ])('refuses %s with one line naming the file', (text, message) => {
    expect(() => parseAnswersFile(text, 'a.json')).toThrow(message);
    expect(codeOf(() => parseAnswersFile(text, 'a.json'))).toBe('INVALID_ANSWERS_FILE');
  });
});

describe('the team’s own sets', () => {
  const asFlag = (key: string) => `--${key}`;

  it('reads a comma list from a flag and an array from a file as the same answer', () => {
    expect(parsePartialAnswers({ labels: ' refund, shipping ,other' }, asFlag)).toEqual({ labels: ['refund', 'shipping', 'other'] });
    expect(parseAnswersFile('{"labels": ["refund", "shipping", "other"]}', 'answers.json')).toEqual({ labels: ['refund', 'shipping', 'other'] });
    expect(parsePartialAnswers({ fields: 'invoice_number:string, total:number' }, asFlag)).toEqual({
      fields: [
        { name: 'invoice_number', type: 'string' },
        { name: 'total', type: 'number' },
      ],
    });
  });

  it('refuses a set that would not make a usable schema, saying why', () => {
    expect(() => parsePartialAnswers({ labels: 'refund' }, asFlag)).toThrow('--labels: needs at least 2 values, comma-separated (e.g. refund,shipping,other)');
    expect(() => parsePartialAnswers({ labels: 'refund,refund' }, asFlag)).toThrow('--labels: lists "refund" twice');
    expect(() => parsePartialAnswers({ queues: 'Billing Team,tech' }, asFlag)).toThrow(/--queues.*lower-case letters/);
    expect(() => parsePartialAnswers({ fields: 'total:money' }, asFlag)).toThrow(/--fields.*each type must be one of string, number, date, boolean/);
    expect(() => parsePartialAnswers({ fields: 'total' }, asFlag)).toThrow(/--fields/);
  });

  it('fills the use case’s default sets, and only its own', () => {
    expect(resolveAnswers({ flags: { name: 'p', owner: '@a/b' } }, today).labels).toEqual(['billing', 'bug', 'account', 'feature_request', 'other']);
    const triage = resolveAnswers({ flags: { name: 'p', owner: '@a/b', useCase: 'triage' } }, today);
    expect(triage.priorities).toEqual(['urgent', 'high', 'normal', 'low']);
    expect(triage.labels).toBeUndefined();
    expect(resolveAnswers({ flags: { name: 'p', owner: '@a/b', useCase: 'extract' } }, today).fields?.map((f) => f.name)).toContain('total');
    expect(resolveAnswers({ flags: { name: 'p', owner: '@a/b', useCase: 'summarize' } }, today)).not.toHaveProperty('labels');
  });

  it('refuses a set given for another use case, naming both', () => {
    const run = () => resolveAnswers({ flags: { name: 'p', owner: '@a/b', useCase: 'triage', labels: ['a', 'b'] } }, today);
    expect(run).toThrow('labels is for the classify use case, not triage: drop it, or choose --use-case classify');
    expect(codeOf(run)).toBe('INVALID_ANSWERS');
  });

  it('names the set as its source gave it: --labels for a flag, the file and key for an answers file', () => {
    const describeKey = { flags: (key: string) => `--${key}`, recorded: (key: string) => `a.json: ${key}` };
    const fromFlag = () => resolveAnswers({ flags: { name: 'p', owner: '@a/b', useCase: 'triage', labels: ['a', 'b'] } }, today, { describeKey });
    expect(fromFlag).toThrow(/^--labels is for the classify use case, not triage: drop it, or choose --use-case classify$/);
    const fromFile = () => resolveAnswers({ flags: { name: 'p', owner: '@a/b', useCase: 'triage' }, recorded: { labels: ['a', 'b'] } }, today, { describeKey });
    expect(fromFile).toThrow(/^a\.json: labels is for the classify use case/);
    const pastDate = () => resolveAnswers({ flags: { name: 'p', owner: '@a/b', decisionDate: '2020-01-31' } }, today, { describeKey });
    expect(pastDate).toThrow(/^--decisionDate: 2020-01-31 is in the past/);
  });
});

describe('the rules said in full', () => {
  const asFlag = (key: string) => `--${key}`;

  it('a name one character too long gets the whole rule, length included, for sets and fields alike', () => {
    const long = `a${'b'.repeat(40)}`;
    const rule = 'a lower-case letter, then lower-case letters, digits or _, at most 40 characters in all';
    expect(() => parsePartialAnswers({ labels: `refund,${long}` }, asFlag)).toThrow(
      `--labels: "${long}" (41 characters) is not a valid name: use ${rule} (e.g. refund,shipping,other)`,
    );
    expect(() => parsePartialAnswers({ queues: 'Billing,tech' }, asFlag)).toThrow(`--queues: "Billing" (7 characters) is not a valid name: use ${rule}`);
    expect(() => parsePartialAnswers({ fields: `${long}:string` }, asFlag)).toThrow(`--fields: "${long}" (41 characters) is not a valid field name: use ${rule}`);
    expect(parsePartialAnswers({ labels: `refund,a${'b'.repeat(39)}` }, asFlag).labels).toHaveLength(2);
  });

  it('suggests the closest use case, connector or auth to a typo', () => {
    expect(() => parsePartialAnswers({ useCase: 'summarise' }, asFlag)).toThrow(/^--useCase: use case must be one of: .*; did you mean summarize\?$/);
    expect(() => parsePartialAnswers({ connector: 'postgress' }, asFlag)).toThrow(/; did you mean postgres\?$/);
    expect(() => parsePartialAnswers({ auth: 'apikey' }, asFlag)).toThrow(/; did you mean api-key\?$/);
    expect(() => parsePartialAnswers({ connector: 'mongo' }, asFlag)).toThrow(/^--connector: connector must be one of: sqlite, postgres, csv, http$/);
  });

  it.each([['<!-- hidden'], ['</script>'], ['run `rm -rf`'], ['a > b']])('refuses markup in a description or on-call: %s', (text) => {
    const message = 'must be plain text without < > or ` (README.md would read them as HTML or code); letters, digits, spaces and other punctuation are fine';
    expect(() => parsePartialAnswers({ description: text }, asFlag)).toThrow(`--description: description ${message}`);
    expect(() => parsePartialAnswers({ oncall: text }, asFlag)).toThrow(`--oncall: oncall ${message}`);
  });

  it('keeps ordinary punctuation in a description', () => {
    const text = 'Sorts support mail (refunds, bugs & more) for the EU team: 24/7, *fast*, [beta]!';
    expect(parsePartialAnswers({ description: text }, asFlag).description).toBe(text);
  });
});

describe('the decision date', () => {
  it('is refused when it has passed, with today named; today itself is fine', () => {
    const run = () => resolveAnswers({ flags: { name: 'p', owner: '@a/b', decisionDate: '2026-11-25' } }, today);
    expect(run).toThrow('decisionDate: 2026-11-25 is in the past (today is 2026-11-26)');
    expect(codeOf(run)).toBe('INVALID_ANSWERS');
    expect(resolveAnswers({ flags: { name: 'p', owner: '@a/b', decisionDate: '2026-11-26' } }, today).decisionDate).toBe('2026-11-26');
  });

  it('keeps a passed date recorded in provenance when an update asks to, but not a new one', () => {
    const recorded = { name: 'p', owner: '@a/b', decisionDate: '2026-01-01' };
    expect(resolveAnswers({ recorded }, today, { keepRecordedDate: true }).decisionDate).toBe('2026-01-01');
    expect(() => resolveAnswers({ recorded }, today)).toThrow(/2026-01-01 is in the past/);
    expect(() => resolveAnswers({ recorded, flags: { decisionDate: '2026-02-01' } }, today, { keepRecordedDate: true })).toThrow(/2026-02-01 is in the past/);
  });
});
