/**
 * The readiness table of a pilot just rendered, computed from the rendered files rather than by
 * running the pilot (which would need its dependencies installed), so the scaffolder can print it at
 * no cost. It applies the pilot's own rules (src/kit/readiness/checks.ts in the base layer) to what a
 * fresh pilot can hold: no .env yet, no eval report, the shipped cases. The e2e test checks that
 * these statuses are the ones `npm run readiness -- --json` reports in the same fresh pilot.
 */
import { SHIPPED_CASES_FILE, shippedEntries } from './shipped-cases.js';

export const READINESS_DIMENSIONS = ['data', 'evals', 'integration', 'ownership', 'success_criteria', 'framing'] as const;
export type ReadinessDimension = (typeof READINESS_DIMENSIONS)[number];
export type ReadinessStatus = 'ready' | 'not yet' | 'missing';

export interface FreshReadinessRow {
  dimension: ReadinessDimension;
  status: ReadinessStatus;
  next: string | null;
}

export interface RenderedPilot {
  /** The text of a rendered file, or undefined. */
  read(path: string): string | undefined;
  connector: string;
  auth: string;
  /** How the team runs one of the pilot's scripts with its package manager, e.g. `npm run eval -- --lock`. */
  run(script: string, args?: string): string;
}

export function freshReadiness(pilot: RenderedPilot): FreshReadinessRow[] {
  const shipped = shippedEntries(pilot.read(SHIPPED_CASES_FILE) ?? '');
  const owner = /^\*\s+(\S+)/m.exec(pilot.read('.github/CODEOWNERS') ?? '')?.[1];
  const oncall = /^\s*-?\s*\*\*On-call:\*\*\s*(.*)$/m.exec(pilot.read('RUNBOOK.md') ?? '')?.[1]?.trim();
  const oncallNamed = Boolean(oncall) && oncall !== owner;
  const placeholder = owner === undefined || /^@(org|owner|team|your[-_]?\w*|example\w*|changeme|todo|tbd)(\/|$)/i.test(owner);
  return [
    { dimension: 'data', status: 'missing', next: `point the ${pilot.connector} connector at the real source (see docs/data.md), or name it in PILOT_SOURCE` },
    // Every case a fresh pilot holds is a shipped example: none is the team's own yet.
    {
      dimension: 'evals',
      status: 'missing',
      next: `replace the ${shipped.length} shipped examples with labelled cases of your own (${pilot.run('cases:import')}, then ${pilot.run('cases:label')})`,
    },
    { dimension: 'integration', status: 'missing', next: `configure the ${pilot.auth} auth layer with real settings (see docs/auth.md)` },
    !placeholder && oncallNamed
      ? { dimension: 'ownership', status: 'ready', next: null }
      : {
          dimension: 'ownership',
          status: 'not yet',
          next: placeholder ? 'name the owning team in .github/CODEOWNERS' : 'name the on-call rota or person who gets paged in RUNBOOK.md',
        },
    // A fresh pilot's cases and gates were never reviewed, so never locked.
    { dimension: 'success_criteria', status: 'not yet', next: `have the owners review the cases and the bar, then ${pilot.run('eval', '--lock')}` },
    { dimension: 'framing', status: 'missing', next: `run ${pilot.run('eval')} with a model configured until it clears the bar` },
  ];
}
