/**
 * What the graduation page says, gathered once (so the HTML and the Markdown cannot disagree): the
 * bar and the last report's verdict against it, pipeline against baseline on every gated metric, the
 * paired comparison, cost and time per case and per month, the readiness table, the owners and the
 * run. Refuses (InputError, exit 3) a report from other cases or one made without a model.
 */
import { InputError } from '../evals/input-file.js';
import type { MetricRow, Report } from '../evals/report.js';
import type { BeatBaselineResult, GateResult } from '../evals/gates.js';
import type { LastReport } from '../evals/last-report.js';
import type { Env } from '../env.js';
import { type PilotState, type ReadinessRow, assessReadiness, readPilotState } from '../readiness/checks.js';
import { ownershipFacts } from './owners.js';

export interface Money {
  pipelineUsd: number | null;
  baselineUsd: number;
}

export interface GraduationFacts {
  useCase: string;
  report: Report;
  reportDir: string;
  gates: GateResult[];
  /** Every metric a gate names, pipeline against baseline with intervals. */
  gatedMetrics: MetricRow[];
  beatBaseline: BeatBaselineResult | null;
  perCase: { costUsd: Money; latencyP50Ms: { pipelineMs: number | null; baselineMs: number } };
  /** Per month at `volume_per_month`; null when the criteria give no volume. */
  perMonth: { volume: number; costUsd: Money; hours: { pipeline: number | null; baseline: number } } | null;
  readiness: ReadinessRow[];
  owner: string;
  oncall: string | null;
  decisionDate: string;
  model: string;
  datasetSha256: string;
  runAt: string;
}

const HOUR_MS = 3_600_000;

/** The report graduation may draw from: the newest, on the current cases, with a model. */
function usableReport(state: PilotState): LastReport {
  const last: LastReport | null = state.report;
  if (!last) throw new InputError('evals/reports: no eval report yet; run `npm run eval` with a model configured first');
  const file = `${last.dir}/report.json`;
  const { report } = last;
  if (report.dataset.sha256 !== state.casesSha256) {
    throw new InputError(
      `${file}: made on other cases (dataset sha256 ${report.dataset.sha256.slice(0, 12)}, the cases now hash to ${state.casesSha256.slice(0, 12)}); run \`npm run eval\` on the current cases first`,
    );
  }
  if (!report.model || report.modelMissing || !report.pipeline) {
    throw new InputError(`${file}: made without a configured model (only the baseline was scored); set PILOT_MODEL (see .env.example) and run \`npm run eval\``);
  }
  return last;
}

export async function gatherFacts(env: Env, root = process.cwd()): Promise<GraduationFacts> {
  const state = readPilotState(root);
  const { dir, report } = usableReport(state);
  const pipeline = report.pipeline;
  const { criteria } = state;
  const volume = criteria.volume_per_month ?? null;
  const costPerCase = pipeline?.costPerCaseUsd ?? null;
  const p50 = pipeline?.latencyP50Ms ?? null;
  const declared = report.baseline.declared;
  const owners = ownershipFacts(root);
  return {
    useCase: report.useCase,
    report,
    reportDir: dir,
    gates: report.gates,
    gatedMetrics: report.metrics.filter((m) => m.gate !== null),
    beatBaseline: report.beatBaseline,
    perCase: { costUsd: { pipelineUsd: costPerCase, baselineUsd: declared.costPerCaseUsd }, latencyP50Ms: { pipelineMs: p50, baselineMs: declared.latencyP50Ms } },
    perMonth:
      volume === null
        ? null
        : {
            volume,
            costUsd: { pipelineUsd: costPerCase === null ? null : costPerCase * volume, baselineUsd: declared.costPerCaseUsd * volume },
            hours: { pipeline: p50 === null ? null : (p50 * volume) / HOUR_MS, baseline: (declared.latencyP50Ms * volume) / HOUR_MS },
          },
    readiness: await assessReadiness(env, root),
    owner: owners.owner ?? criteria.owner,
    oncall: owners.oncall,
    decisionDate: criteria.decision_date,
    model: report.model?.name ?? '',
    datasetSha256: report.dataset.sha256,
    runAt: report.generatedAt,
  };
}
