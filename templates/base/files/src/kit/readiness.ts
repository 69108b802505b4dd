/**
 * `npm run readiness`: is this pilot a production slice yet, or still a demo?
 * Scores six dimensions from the repository's real state (files, config, last eval report),
 * prints a table, exits 0 when every check passes and 1 otherwise.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAuth } from '../auth.js';
import { systemPrincipal } from './connectors/connector.js';
import { createConnector } from '../connector.js';
import { loadDotEnv } from './env.js';
import { loadDataset, unlabeledProblem } from './evals/cases.js';
import { lockedCriteriaHash, readCriteria } from './evals/criteria.js';
import { REPORTS_DIR, type Report } from './evals/report.js';
import { useCase } from '../pipeline.js';
import { buildServer } from './server.js';

interface Check {
  ok: boolean;
  /** What was found, in a few words. */
  finding: string;
  /** What to do when not ok. */
  fix: string;
}

interface Dimension {
  name: string;
  checks: Check[];
}

/** Cases whose `source` starts with this are the template's examples, not this team's data. */
export const SHIPPED_SOURCE_PREFIX = 'shipped example';
const HARD_TAGS = ['edge', 'adversarial', 'pii'];

const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);
const check = (ok: boolean, finding: string, fix: string): Check => ({ ok, finding, fix });
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A filled value: not empty and not a placeholder like TBD, TODO, <team> or @org/team. */
function filled(value: string | undefined): value is string {
  const v = value?.trim() ?? '';
  return v !== '' && !/^(tbd|todo|n\/a|none|-|\?+)$/i.test(v) && !/[<>]/.test(v) && v !== '@org/team';
}

function latestReport(): Report | null {
  if (!existsSync(REPORTS_DIR)) return null;
  const runs = readdirSync(REPORTS_DIR)
    .filter((d) => existsSync(join(REPORTS_DIR, d, 'report.json')))
    .sort();
  const last = runs.at(-1);
  if (!last) return null;
  try {
    return JSON.parse(readFileSync(join(REPORTS_DIR, last, 'report.json'), 'utf8')) as Report;
  } catch {
    return null;
  }
}

async function assess(): Promise<Dimension[]> {
  const env = process.env;
  const criteriaRead = readCriteria();
  const criteria = 'criteria' in criteriaRead ? criteriaRead.criteria : null;
  const loaded = criteria ? loadDataset(criteria.dataset.path) : null;
  const cases = loaded && loaded.errors.length === 0 ? loaded.dataset.cases : [];

  // data
  const data: Check[] = [];
  try {
    const connector = createConnector(env);
    const info = connector.describe();
    data.push(check(!info.isSample, `${info.kind} connector reads ${info.source}`, 'point the connector at the real source (see docs/data.md)'));
    const rows = await connector.sample(1, systemPrincipal('readiness')).catch((err: unknown) => {
      data.push(check(false, `connector failed: ${message(err)}`, 'fix the connector settings in .env'));
      return null;
    });
    if (rows) data.push(check(rows.length > 0, `connector returned ${rows.length} row(s)`, 'the source is empty: check the connector settings'));
    await connector.close();
  } catch (err) {
    data.push(check(false, `connector not usable: ${message(err)}`, 'fix the connector settings in .env'));
  }

  // evals
  const shipped = cases.filter((c) => c.source.toLowerCase().startsWith(SHIPPED_SOURCE_PREFIX)).length;
  const missingTags = HARD_TAGS.filter((t) => !cases.some((c) => c.tags.includes(t)));
  const evals = [
    check(
      Boolean(criteria && loaded && loaded.errors.length === 0 && cases.length >= criteria.dataset.min_cases),
      loaded?.errors.length ? `${loaded.errors.length} invalid case line(s)` : `${cases.length} valid cases (min ${criteria?.dataset.min_cases ?? '?'})`,
      'add cases until min_cases is met; `npm run eval` names any bad line',
    ),
    check(missingTags.length === 0, missingTags.length ? `no case tagged ${missingTags.join(', ')}` : `hard cases tagged (${HARD_TAGS.join(', ')})`, 'tag the hard cases'),
    check(
      loaded !== null && unlabeledProblem(loaded.dataset) === null,
      (loaded && unlabeledProblem(loaded.dataset)?.replace(/ \(.*$/, '')) ?? 'every case is labelled',
      'label each case (add "expected", remove the "unlabeled" tag): `npm run eval` names the files and lines',
    ),
    check(
      cases.length > 0 && shipped === 0,
      `${shipped} of ${cases.length} cases are still the shipped examples`,
      'replace them with cases drawn from your data (connector sample), labelled by the owners',
    ),
  ];

  // integration
  const integration: Check[] = [];
  try {
    const auth = createAuth(env);
    const info = auth.describe();
    integration.push(check(info.configured, `${info.kind}: ${info.detail}`, 'configure the auth layer (see docs/auth.md)'));
    const anonymous = await auth.authenticate({ method: 'POST', url: `/v1/${useCase}`, headers: {} });
    const app = buildServer({ model: null, auth });
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    const denied = await app.inject({ method: 'POST', url: `/v1/${useCase}`, payload: {} });
    await app.close();
    integration.push(
      check(anonymous === null && denied.statusCode === 401, `a request without credentials gets ${denied.statusCode}`, 'auth must deny by default'),
      check(health.statusCode === 200, `service boundary answers /healthz with ${health.statusCode}`, 'npm start must serve /healthz'),
    );
  } catch (err) {
    integration.push(check(false, `auth or server not usable: ${message(err)}`, 'fix the auth settings in .env'));
  }

  // ownership
  const codeowners = read('.github/CODEOWNERS') ?? '';
  const owner = /^\*\s+(\S+)/m.exec(codeowners)?.[1];
  const runbook = read('RUNBOOK.md') ?? '';
  const oncall = /\*\*On-call:\*\*\s*(.*)/.exec(runbook)?.[1];
  const ownership = [
    check(filled(owner), owner ? `CODEOWNERS: * ${owner}` : 'CODEOWNERS has no `*` owner', 'name the owning team in .github/CODEOWNERS'),
    check(
      /^\/success-criteria\.yaml\s+\S/m.test(codeowners) && /^\/evals\/\s+\S/m.test(codeowners),
      'criteria and evals have explicit owners',
      'add /success-criteria.yaml and /evals/ lines to CODEOWNERS',
    ),
    check(filled(oncall), `RUNBOOK on-call: ${oncall?.trim() || 'missing'}`, 'fill **On-call:** in RUNBOOK.md'),
  ];

  // success criteria
  const today = new Date().toISOString().slice(0, 10);
  const successCriteria = [
    check(criteria !== null, criteria ? 'success-criteria.yaml is valid' : `success-criteria.yaml: ${'errors' in criteriaRead ? criteriaRead.errors[0] : ''}`, 'fix success-criteria.yaml'),
    check(
      Boolean(criteria && criteria.decision_date >= today),
      criteria ? `decision date ${criteria.decision_date}` : 'no decision date',
      'a passed decision date needs a decision: ship, extend (new date) or stop',
    ),
    check(
      Boolean(criteria?.lock && loaded && criteria.lock.cases === loaded.dataset.sha256 && criteria.lock.criteria === lockedCriteriaHash(criteria)),
      !criteria?.lock
        ? 'cases and gates not locked'
        : criteria.lock.cases === loaded?.dataset.sha256 && criteria.lock.criteria === lockedCriteriaHash(criteria)
          ? 'cases and gates locked'
          : 'cases or gates changed since the lock',
      'review the cases and the bar, then `npm run eval -- --lock`',
    ),
  ];

  // framing
  const workflows = existsSync('.github/workflows') ? readdirSync('.github/workflows').map((f) => read(join('.github/workflows', f)) ?? '') : [];
  const report = latestReport();
  const framing = [
    check(
      workflows.some((w) => w.includes('npm run eval')),
      'CI runs the eval gate',
      'run `npm run eval` in CI (.github/workflows/pilot.yml)',
    ),
    check(
      report?.verdict === 'cleared',
      report ? `last eval run: ${report.verdict} (${report.generatedAt})` : 'no eval report yet',
      'run `npm run eval` with a model configured until it clears the bar',
    ),
    check(
      Boolean(report && loaded && report.dataset.sha256 === loaded.dataset.sha256),
      !report ? 'no run on the current cases' : report.dataset.sha256 === loaded?.dataset.sha256 ? 'last run used the current cases' : 'the cases changed since the last run',
      'run `npm run eval` again',
    ),
  ];

  return [
    { name: 'data', checks: data },
    { name: 'evals', checks: evals },
    { name: 'integration', checks: integration },
    { name: 'ownership', checks: ownership },
    { name: 'success criteria', checks: successCriteria },
    { name: 'framing', checks: framing },
  ];
}

function print(dimensions: Dimension[]): boolean {
  const rows = dimensions.map((d) => {
    const passed = d.checks.filter((c) => c.ok).length;
    return [d.name, `${passed}/${d.checks.length}`, passed === d.checks.length ? 'ready' : 'demo', d.checks.find((c) => !c.ok)?.finding ?? ''];
  });
  const header = ['dimension', 'score', 'status', 'first gap'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const todo = dimensions.flatMap((d) => d.checks.filter((c) => !c.ok).map((c) => `- ${d.name}: ${c.finding} -> ${c.fix}`));
  if (todo.length > 0) console.log(['', 'to do:', ...todo].join('\n'));
  const ready = todo.length === 0;
  console.log(ready ? '\nreadiness: READY (exit 0)' : '\nreadiness: NOT READY (exit 1)');
  return ready;
}

loadDotEnv();
assess().then(
  (dimensions) => {
    process.exitCode = print(dimensions) ? 0 : 1;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
