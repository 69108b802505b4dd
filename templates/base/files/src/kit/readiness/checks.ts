/**
 * The six readiness dimensions, each scored from the repository's real state (files, settings, the
 * last eval report): status, the evidence found and the one next step. Inputs that cannot be read
 * (criteria, cases, CODEOWNERS, a report) throw InputError: the caller exits 3 with the file and
 * the reason rather than scoring a guess. Nothing here prints or exits.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAuth } from '../../auth.js';
import { createConnector } from '../../connector.js';
import { useCase } from '../../pipeline.js';
import type { Env } from '../env.js';
import { type EvalCase, inputFingerprint, listCaseFiles, loadDataset } from '../evals/cases.js';
import { CRITERIA_FILE, type Criteria, lockedCriteriaHash, readCriteria } from '../evals/criteria.js';
import { InputError, capProblems, readInputFile } from '../evals/input-file.js';
import { type LastReport, lastReport } from '../evals/last-report.js';
import { VERDICT_TEXT } from '../evals/report-format.js';
import { buildServer } from '../server.js';
import { CODEOWNERS_FILE, CODEOWNERS_MAX_BYTES, defaultOwners, isPlaceholderOwner, parseCodeOwners } from './codeowners.js';

export const DIMENSIONS = ['data', 'evals', 'integration', 'ownership', 'success_criteria', 'framing'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<Dimension, string> = {
  data: 'data',
  evals: 'evals',
  integration: 'integration',
  ownership: 'ownership',
  success_criteria: 'success criteria',
  framing: 'framing',
};

/** `missing`: nothing of it exists yet; `not yet`: it exists but falls short. */
export type Status = 'ready' | 'not yet' | 'missing';

export interface ReadinessRow {
  dimension: Dimension;
  status: Status;
  /** What was found, in plain words. */
  evidence: string;
  /** The single next step; null when ready. */
  next: string | null;
}

export const SHIPPED_CASES_FILE = 'src/kit/evals/shipped-cases.sha256';
export const RUNBOOK_FILE = 'RUNBOOK.md';
const HARD_TAGS = ['edge', 'adversarial', 'pii'];
const SMALL_FILE = 256 * 1024;

interface Check {
  ok: boolean;
  finding: string;
  fix: string;
  /** Failing because the thing is absent altogether (status `missing` rather than `not yet`). */
  absent?: boolean;
}

const check = (ok: boolean, finding: string, fix: string, absent = false): Check => ({ ok, finding, fix, absent });
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function row(dimension: Dimension, checks: Check[]): ReadinessRow {
  const failed = checks.filter((c) => !c.ok);
  const status: Status = failed.length === 0 ? 'ready' : failed.some((c) => c.absent) ? 'missing' : 'not yet';
  return { dimension, status, evidence: checks.map((c) => c.finding).join('; '), next: failed[0]?.fix ?? null };
}

/** The RUNBOOK's `- **On-call:** ...` line, as written. */
export function oncallOf(runbook: string): string | undefined {
  return /^\s*-?\s*\*\*On-call:\*\*\s*(.*)$/m.exec(runbook)?.[1]?.trim();
}

/** A filled value: not empty and not a placeholder like TBD, TODO or <team>. */
export function filled(value: string | undefined): value is string {
  const v = value?.trim() ?? '';
  return v !== '' && !/^(tbd|todo|n\/a|none|-|\?+)$/i.test(v) && !/[<>]/.test(v);
}

/** A file that may be absent (null) but, when present, must be a readable text file inside the pilot. */
function readOptional(file: string, what: string, root: string, maxBytes = SMALL_FILE): string | null {
  if (!existsSync(join(root, file))) return null;
  return readInputFile(join(root, file), what, maxBytes, root);
}

/** Fingerprints of the cases the generator shipped (written at scaffold time; see create-pilot-slice's core). */
export function readShippedFingerprints(root: string): Set<string> {
  const text = readOptional(SHIPPED_CASES_FILE, 'shipped-case hashes', root, 1024 * 1024);
  if (text === null) throw new InputError(`${SHIPPED_CASES_FILE}: missing; it is written by create-pilot-slice (run \`npx create-pilot-slice update\` to restore it)`);
  return new Set(
    text
      .split(/\r?\n/)
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.split(/\s+/)[0] ?? ''),
  );
}

export interface PilotState {
  criteria: Criteria;
  cases: EvalCase[];
  casesSha256: string;
  unlabeled: number;
  shipped: Set<string>;
  report: LastReport | null;
}

/** Reads what every dimension draws on; InputError on anything unreadable. */
export function readPilotState(root = process.cwd()): PilotState {
  const read = readCriteria(join(root, CRITERIA_FILE));
  if ('errors' in read) throw new InputError(capProblems(read.errors.map((e) => e.replace(join(root, CRITERIA_FILE), CRITERIA_FILE))).join('\n'));
  const { criteria } = read;
  // No case file at all is a dimension with nothing in it (evals: missing), not an unreadable input.
  const noCases = listCaseFiles(criteria.dataset.path, root).length === 0;
  const loaded = noCases ? { dataset: { cases: [], sha256: createHash('sha256').digest('hex'), unlabeled: [] }, errors: [] } : loadDataset(criteria.dataset.path, root);
  // Unlabeled cases are not errors (they wait for a person); anything in errors makes the cases unreadable.
  if (loaded.errors.length > 0) throw new InputError(capProblems(loaded.errors).join('\n'));
  return {
    criteria,
    cases: loaded.dataset.cases,
    casesSha256: loaded.dataset.sha256,
    unlabeled: loaded.dataset.unlabeled.reduce((n, f) => n + f.lines.length, 0),
    shipped: readShippedFingerprints(root),
    report: lastReport(root),
  };
}

function dataRow(state: PilotState, env: Env, own: EvalCase[]): ReadinessRow {
  const checks: Check[] = [];
  const named = env.PILOT_SOURCE?.trim();
  try {
    const info = createConnector(env).describe();
    if (!info.isSample) checks.push(check(true, `${info.kind} connector reads ${info.source}`, ''));
    else if (filled(named)) checks.push(check(true, `cases drawn from ${named} (PILOT_SOURCE)`, ''));
    else checks.push(check(false, `not on real data yet (${info.kind} connector: ${info.source})`, 'point the connector at the real source (see docs/data.md), or name it in PILOT_SOURCE', true));
  } catch (err) {
    checks.push(check(false, `the connector settings are unusable: ${message(err)}`, 'fix the connector settings in .env (see docs/data.md)'));
  }
  const waiting = state.unlabeled > 0 ? `, ${state.unlabeled} waiting for a label` : '';
  checks.push(
    check(
      own.length > 0 && state.unlabeled === 0,
      `${own.length} labelled case(s) of your own${waiting}`,
      state.unlabeled > 0 ? 'label the imported cases (`npm run cases:label`, or add "expected" in the file)' : 'draw real records as cases: `npm run cases:import`, then label them',
      own.length === 0 && state.unlabeled === 0,
    ),
  );
  return row('data', checks);
}

function evalsRow(state: PilotState, own: EvalCase[]): ReadinessRow {
  const min = state.criteria.dataset.min_cases;
  const shipped = state.cases.length - own.length;
  const untagged = HARD_TAGS.filter((t) => !own.some((c) => c.tags.includes(t)));
  return row('evals', [
    check(own.length >= min, `${own.length} labelled case(s) of your own (the bar asks for ${min})`, `label ${Math.max(min - own.length, 0)} more real case(s)`, own.length === 0),
    check(
      untagged.length === 0,
      untagged.length ? `no case of your own tagged ${untagged.join(', ')}` : `hard cases tagged (${HARD_TAGS.join(', ')})`,
      `tag the hard cases of your own: ${untagged.join(', ')}`,
    ),
    check(
      shipped === 0,
      shipped === 0 ? 'no labelled case is a shipped example' : `${shipped} case(s) still the shipped examples`,
      `remove the shipped examples from ${state.criteria.dataset.path} once your own cases cover them`,
    ),
  ]);
}

async function integrationRow(env: Env): Promise<ReadinessRow> {
  try {
    const auth = createAuth(env);
    const info = auth.describe();
    const app = buildServer({ model: null, auth });
    try {
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      const denied = await app.inject({ method: 'POST', url: `/v1/${useCase}`, payload: {} });
      return row('integration', [
        check(info.configured, `${info.kind} auth: ${info.detail}`, 'configure the auth layer with real settings (see docs/auth.md)', true),
        check(denied.statusCode === 401, `a request without credentials gets ${denied.statusCode}`, 'the service must refuse a request without credentials (401)'),
        check(health.statusCode === 200, `the service answers /healthz with ${health.statusCode}`, 'the service must answer /healthz (npm start)'),
      ]);
    } finally {
      await app.close();
    }
  } catch (err) {
    return row('integration', [check(false, `the auth settings are unusable: ${message(err)}`, 'fix the auth settings in .env (see docs/auth.md)')]);
  }
}

function ownershipRow(root: string): ReadinessRow {
  const codeowners = readOptional(CODEOWNERS_FILE, 'CODEOWNERS', root, CODEOWNERS_MAX_BYTES);
  const owners = codeowners === null ? [] : defaultOwners(parseCodeOwners(codeowners));
  const team = owners.find((o) => !isPlaceholderOwner(o));
  const runbook = readOptional(RUNBOOK_FILE, 'runbook', root);
  const oncall = runbook === null ? undefined : oncallOf(runbook);
  const escalation = runbook === null ? '' : (/^## Escalation\s*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(runbook)?.[1] ?? '');
  const steps = escalation.split('\n').filter((l) => /^\s*(\d+\.|[-*])\s+\S/.test(l)).length;
  const checks = [
    codeowners === null
      ? check(false, `no ${CODEOWNERS_FILE}`, `create ${CODEOWNERS_FILE} naming the owning team (\`* @org/team\`)`, true)
      : check(
          team !== undefined,
          team ? `CODEOWNERS names ${team}` : owners.length ? `CODEOWNERS names only a placeholder (${owners.join(' ')})` : 'CODEOWNERS has no `*` owner',
          `name the owning team on the \`*\` line of ${CODEOWNERS_FILE}`,
        ),
  ];
  if (runbook === null) checks.push(check(false, `no ${RUNBOOK_FILE}`, `write ${RUNBOOK_FILE} with **On-call:** and an ## Escalation section`, true));
  else {
    const isOwner = oncall !== undefined && owners.includes(oncall);
    checks.push(
      check(
        filled(oncall) && !isOwner,
        !filled(oncall) ? 'the RUNBOOK names no on-call' : isOwner ? `on-call is the owning team itself (${oncall}), not a rota` : `on-call: ${oncall}`,
        `name the on-call rota or person who gets paged on the **On-call:** line of ${RUNBOOK_FILE}`,
      ),
      check(steps > 0, steps > 0 ? `escalation in ${steps} step(s)` : 'the RUNBOOK has no escalation steps', `list who is called, in order, under ## Escalation in ${RUNBOOK_FILE}`),
    );
  }
  return row('ownership', checks);
}

function successCriteriaRow(state: PilotState, today: string): ReadinessRow {
  const { criteria } = state;
  const lock = criteria.lock;
  const lockHolds = Boolean(lock && lock.cases === state.casesSha256 && lock.criteria === lockedCriteriaHash(criteria));
  return row('success_criteria', [
    check(true, `${criteria.metrics.length} metric gate(s), beat ${criteria.baseline.name} by ${criteria.beat_baseline.margin}`, ''),
    check(
      criteria.baseline.cost_per_case_usd > 0 && criteria.baseline.latency_p50_ms > 0,
      'baseline cost and time declared',
      "declare the current process's cost and time per case under baseline: in success-criteria.yaml",
    ),
    check(
      criteria.decision_date >= today,
      criteria.decision_date >= today ? `decision on ${criteria.decision_date}` : `the decision date ${criteria.decision_date} has passed`,
      'decide (ship, extend with a new decision_date, or stop) and write it in success-criteria.yaml',
    ),
    check(
      lockHolds,
      !lock ? 'cases and gates not locked' : lockHolds ? 'cases and gates locked' : 'cases or gates changed since the lock',
      'have the owners review the cases and the bar, then `npm run eval -- --lock`',
    ),
  ]);
}

function framingRow(state: PilotState, root: string): ReadinessRow {
  const dir = join(root, '.github/workflows');
  const workflows = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
  const gated = workflows.some((f) => /\brun\s+(--silent\s+)?eval\b/.test(readInputFile(join(dir, f), 'workflow', SMALL_FILE, root)));
  const last = state.report;
  const checks = [check(gated, gated ? 'the eval gate runs in CI' : 'no workflow runs the eval gate', 'run `npm run eval` in CI (.github/workflows/pilot.yml)', !gated)];
  if (!last) {
    checks.push(check(false, 'no eval report yet', 'run `npm run eval` with a model configured until it clears the bar', true));
    return row('framing', checks);
  }
  const { report } = last;
  const model = report.model && !report.modelMissing ? report.model.name : null;
  const sameCases = report.dataset.sha256 === state.casesSha256;
  const locked = report.dataset.locked && state.criteria.lock?.cases === report.dataset.sha256;
  const on = sameCases ? (locked ? 'on the locked cases' : 'on unlocked cases') : `on other cases (sha256 ${report.dataset.sha256.slice(0, 12)}, now ${state.casesSha256.slice(0, 12)})`;
  checks.push(
    check(
      report.verdict === 'cleared' && model !== null && sameCases && locked,
      `last report ${last.dir}: ${VERDICT_TEXT[report.verdict]} ${model ? `with ${model}` : 'without a model'}, ${on}`,
      !sameCases || !locked
        ? 'run `npm run eval` on the locked cases'
        : model === null
          ? 'configure a model (PILOT_MODEL, see .env.example) and run `npm run eval`'
          : 'improve the pipeline until `npm run eval` clears the bar',
    ),
  );
  return row('framing', checks);
}

/** Every dimension, in table order. `today` is an ISO date (the decision date must not have passed). */
export async function assessReadiness(env: Env, root = process.cwd(), today = new Date().toISOString().slice(0, 10)): Promise<ReadinessRow[]> {
  const state = readPilotState(root);
  const own = state.cases.filter((c) => !state.shipped.has(inputFingerprint(c.input)));
  return [dataRow(state, env, own), evalsRow(state, own), await integrationRow(env), ownershipRow(root), successCriteriaRow(state, today), framingRow(state, root)];
}
