/**
 * The readiness table of a pilot just rendered, computed from the rendered files rather than by
 * running the pilot (which would need its dependencies installed), so the scaffolder can print it at
 * no cost. It applies the pilot's own rules (src/kit/readiness/checks.ts in the base layer) to what a
 * fresh pilot can hold: no .env yet, no eval report, the shipped cases. The e2e test checks that
 * these statuses are the ones `npm run readiness -- --json` reports in the same fresh pilot.
 */
import { SHIPPED_CASES_FILE, isCaseFile, shippedEntries } from './shipped-cases.js';

export const READINESS_DIMENSIONS = ['data', 'evals', 'integration', 'ownership', 'success_criteria', 'framing'] as const;
export type ReadinessDimension = (typeof READINESS_DIMENSIONS)[number];
export type ReadinessStatus = 'ready' | 'not yet' | 'missing';

export interface FreshReadinessRow {
  dimension: ReadinessDimension;
  status: ReadinessStatus;
  next: string | null;
}

export interface RenderedPilot {
  /** Every rendered path. */
  paths: readonly string[];
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
    { dimension: 'evals', status: 'missing', next: evalsNext(pilot, shipped.length) },
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

/**
 * A pilot made with its own sets ships its examples as unlabeled copies: the eval stays inconclusive
 * until they are labelled, so that comes first; otherwise the examples are labelled and only stand in.
 */
function evalsNext(pilot: RenderedPilot, shipped: number): string {
  const own = `labelled cases of your own (${pilot.run('cases:import')}, then ${pilot.run('cases:label')})`;
  const unlabeled = unlabeledExamples(pilot);
  if (unlabeled === 0) return `replace the ${shipped} shipped examples with ${own}`;
  return `label the ${unlabeled} shipped examples for your own sets (${pilot.run('cases:label')}), then add ${own}`;
}

/** Shipped case lines tagged `unlabeled`. */
function unlabeledExamples(pilot: RenderedPilot): number {
  const lines = pilot.paths.filter(isCaseFile).flatMap((path) => (pilot.read(path) ?? '').split(/\r?\n/));
  return lines.filter((line) => {
    try {
      const tags = (JSON.parse(line) as { tags?: unknown }).tags;
      return Array.isArray(tags) && tags.includes('unlabeled');
    } catch {
      return false; // a blank line, or one the pilot's eval names
    }
  }).length;
}
