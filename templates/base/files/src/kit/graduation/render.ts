/**
 * The graduation page, as Markdown and as one self-contained HTML page (inline CSS, no scripts,
 * fonts or network) that reads on screen and on paper (print CSS: A4, no colour needed to read
 * a verdict). Numbers go through the eval report's own formatting (report-format.ts), and every
 * number cell carries the raw value (`data-value`) the test compares with report.json.
 */
import type { GateResult } from '../evals/gates.js';
import { VERDICT_TEXT, durationText, estimateText, gateLine, numberText } from '../evals/report-format.js';
import { DIMENSION_LABELS } from '../readiness/checks.js';
import { readinessMarkdown } from '../readiness/table.js';
import type { GraduationFacts } from './facts.js';

const usd = (x: number | null) => (x === null ? 'n/a' : x >= 100 ? `$${Math.round(x).toLocaleString('en-US')}` : `$${numberText(x)}`);
const hours = (x: number | null) => (x === null ? 'n/a' : x >= 100 ? `${Math.round(x).toLocaleString('en-US')} h` : `${numberText(x)} h`);
const interval = (i: { low: number; high: number } | null | undefined) => (i ? `[${numberText(i.low)}, ${numberText(i.high)}]` : 'n/a');

function pairedText(f: GraduationFacts): string {
  const bb = f.beatBaseline;
  if (!bb) return 'No paired comparison: the pipeline was not scored.';
  const mc = bb.mcnemar ? ` ${bb.mcnemar.b} case(s) only the pipeline got right, ${bb.mcnemar.c} only the current process; exact McNemar p = ${numberText(bb.mcnemar.pValue)}.` : '';
  return `${bb.status}: on ${bb.basis}, the pipeline minus the current process is ${numberText(bb.actual)}, 95% interval ${interval(bb.interval)} (${bb.method === 'newcombe' ? 'Newcombe, paired' : 'paired bootstrap'}); the bar is a lead of ${numberText(bb.threshold)}.${mc}`;
}

function monthText(f: GraduationFacts): string {
  if (!f.perMonth) return 'Set `volume_per_month` in success-criteria.yaml to see what this means per month.';
  const m = f.perMonth;
  return `At ${m.volume.toLocaleString('en-US')} cases a month: ${usd(m.costUsd.pipelineUsd)} of model calls against ${usd(m.costUsd.baselineUsd)} for the current process; ${hours(m.hours.pipeline)} of waiting for answers against ${hours(m.hours.baseline)}.`;
}

export function renderGraduationMarkdown(f: GraduationFacts): string {
  const r = f.report;
  const lines = [
    `# Graduation: ${f.useCase}`,
    '',
    `**Last eval run: ${VERDICT_TEXT[r.verdict]}** (${r.generatedAt}, ${f.reportDir})`,
    '',
    '## The bar and the verdict',
    '',
    ...f.gates.map((g) => `- ${gateLine(g, false)}`),
    ...r.blockers.map((b) => `- Inconclusive because: ${b}`),
    '',
    '## Pipeline against the current process (95% intervals)',
    '',
    '| metric | pipeline | current process | delta | gate |',
    '|---|---|---|---|---|',
    ...f.gatedMetrics.map(
      (m) => `| ${m.key} | ${estimateText(m.pipeline)} | ${estimateText(m.baseline)} | ${m.delta === null ? 'n/a' : numberText(m.delta)} | ${m.gate?.status ?? ''} (${m.gate?.gate ?? ''}) |`,
    ),
    '',
    '## Paired comparison with the current process',
    '',
    pairedText(f),
    '',
    '## Cost and time',
    '',
    '| | pipeline | current process |',
    '|---|---|---|',
    `| cost per case | ${usd(f.perCase.costUsd.pipelineUsd)} | ${usd(f.perCase.costUsd.baselineUsd)} |`,
    `| time per case (p50) | ${durationText(f.perCase.latencyP50Ms.pipelineMs)} | ${durationText(f.perCase.latencyP50Ms.baselineMs)} |`,
    ...(f.perMonth ? [`| cost per month (${f.perMonth.volume} cases) | ${usd(f.perMonth.costUsd.pipelineUsd)} | ${usd(f.perMonth.costUsd.baselineUsd)} |`] : []),
    '',
    monthText(f),
    '',
    '## Readiness',
    '',
    readinessMarkdown(f.readiness),
    '',
    '## Who and when',
    '',
    `- Owner: ${f.owner}`,
    `- On-call: ${f.oncall ?? 'not named'}`,
    `- Decision date: ${f.decisionDate}`,
    '',
    '## The run',
    '',
    `- Dataset sha256: \`${f.datasetSha256}\` (${r.dataset.cases} cases${r.dataset.locked ? ', locked' : ', not locked'})`,
    `- Model: ${f.model}`,
    `- Run: ${f.runAt}`,
  ];
  return `${lines.join('\n')}\n`;
}

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (text: string, value: number | null | undefined, attrs = '') => `<td class="num" data-value="${value ?? ''}"${attrs}>${esc(text)}</td>`;
const VERDICT_CLASS = { cleared: 'cleared', not_cleared: 'not-cleared', inconclusive: 'inconclusive' } as const;

function gateItem(g: GateResult): string {
  return `<li class="${g.status.toLowerCase()}" data-gate="${esc(g.key)}"><strong>${g.status}</strong> ${esc(g.gate)}: ${esc(numberText(g.actual))}${g.note ? ` (${esc(g.note)})` : ''}</li>`;
}

export function renderGraduationHtml(f: GraduationFacts): string {
  const r = f.report;
  const month = f.perMonth;
  const sections = [
    `<header><h1>Graduation: ${esc(f.useCase)}</h1><p class="verdict ${VERDICT_CLASS[r.verdict]}" data-verdict="${r.verdict}">Last eval run: ${VERDICT_TEXT[r.verdict]}</p>`,
    `<p class="meta">Decision date <strong data-field="decision-date">${esc(f.decisionDate)}</strong> · owner <strong data-field="owner">${esc(f.owner)}</strong> · on-call <strong data-field="oncall">${esc(f.oncall ?? 'not named')}</strong></p></header>`,
    '<section><h2>The bar and the verdict</h2>',
    `<ul class="gates">${f.gates.map(gateItem).join('')}${r.blockers.map((b) => `<li class="inconclusive">Inconclusive because: ${esc(b)}</li>`).join('')}</ul></section>`,
    '<section><h2>Pipeline against the current process (95% intervals)</h2>',
    '<table class="metrics"><thead><tr><th>metric</th><th>pipeline</th><th>current process</th><th>delta</th><th>gate</th></tr></thead><tbody>',
    ...f.gatedMetrics.map(
      (m) =>
        `<tr data-metric="${esc(m.key)}"><th scope="row">${esc(m.key)}</th>${num(estimateText(m.pipeline), m.pipeline?.value, ' data-col="pipeline"')}${num(estimateText(m.baseline), m.baseline?.value, ' data-col="baseline"')}${num(m.delta === null ? 'n/a' : numberText(m.delta), m.delta, ' data-col="delta"')}<td>${esc(`${m.gate?.status ?? ''} (${m.gate?.gate ?? ''})`)}</td></tr>`,
    ),
    '</tbody></table></section>',
    `<section><h2>Paired comparison with the current process</h2><p class="paired" data-value="${f.beatBaseline?.actual ?? ''}">${esc(pairedText(f))}</p></section>`,
    '<section><h2>Cost and time</h2><table class="cost"><thead><tr><th></th><th>pipeline</th><th>current process</th></tr></thead><tbody>',
    `<tr data-row="cost-per-case"><th scope="row">cost per case</th>${num(usd(f.perCase.costUsd.pipelineUsd), f.perCase.costUsd.pipelineUsd)}${num(usd(f.perCase.costUsd.baselineUsd), f.perCase.costUsd.baselineUsd)}</tr>`,
    `<tr data-row="time-per-case"><th scope="row">time per case (p50)</th>${num(durationText(f.perCase.latencyP50Ms.pipelineMs), f.perCase.latencyP50Ms.pipelineMs)}${num(durationText(f.perCase.latencyP50Ms.baselineMs), f.perCase.latencyP50Ms.baselineMs)}</tr>`,
    month
      ? `<tr data-row="cost-per-month"><th scope="row">cost per month (${esc(month.volume.toLocaleString('en-US'))} cases)</th>${num(usd(month.costUsd.pipelineUsd), month.costUsd.pipelineUsd)}${num(usd(month.costUsd.baselineUsd), month.costUsd.baselineUsd)}</tr>` +
        `<tr data-row="hours-per-month"><th scope="row">hours waiting per month</th>${num(hours(month.hours.pipeline), month.hours.pipeline)}${num(hours(month.hours.baseline), month.hours.baseline)}</tr>`
      : '',
    `</tbody></table><p>${esc(monthText(f))}</p></section>`,
    '<section><h2>Readiness</h2><table class="readiness"><thead><tr><th>dimension</th><th>status</th><th>evidence</th><th>next step</th></tr></thead><tbody>',
    ...f.readiness.map(
      (row) =>
        `<tr data-dimension="${row.dimension}"><th scope="row">${esc(DIMENSION_LABELS[row.dimension])}</th><td class="status ${row.status.replace(' ', '-')}">${esc(row.status)}</td><td>${esc(row.evidence)}</td><td>${esc(row.next ?? '-')}</td></tr>`,
    ),
    '</tbody></table></section>',
    `<section><h2>The run</h2><p class="meta">Dataset sha256 <code data-field="dataset-sha256">${esc(f.datasetSha256)}</code> (${r.dataset.cases} cases${r.dataset.locked ? ', locked' : ', not locked'}) · model <strong data-field="model">${esc(f.model)}</strong> · run <span data-field="run-at">${esc(f.runAt)}</span> · report ${esc(f.reportDir)}</p></section>`,
  ];
  const css = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;color:#1c262b;max-width:960px;padding:0 1rem}
h1{margin:0 0 .5rem}h2{font-size:1.1rem;margin:1.4rem 0 .4rem;border-bottom:1px solid #b0bec5}
.verdict{display:inline-block;font-weight:700;font-size:1.2rem;padding:.3rem .8rem;border:3px solid;border-radius:4px;margin:0}
.verdict.cleared{color:#1b5e20}.verdict.not-cleared{color:#b71c1c}.verdict.inconclusive{color:#8a5300}
table{border-collapse:collapse;width:100%;margin:.3rem 0}td,th{border:1px solid #cfd8dc;padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eceff1}td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
ul.gates{padding-left:1.2rem}li.fail{color:#b71c1c}li.inconclusive{color:#8a5300}
td.status.ready{color:#1b5e20;font-weight:700}td.status.not-yet{color:#8a5300;font-weight:700}td.status.missing{color:#b71c1c;font-weight:700}
.meta{color:#455a64}code{font-size:.85em;word-break:break-all}
@page{size:A4;margin:14mm}
@media print{body{margin:0;max-width:none;font-size:10.5pt;color:#000}section{break-inside:avoid}h2{break-after:avoid}thead th{background:none}td,th{border-color:#777}.meta{color:#000}}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Graduation: ${esc(f.useCase)} (${VERDICT_TEXT[r.verdict]})</title>
<style>${css}</style></head>
<body>
${sections.filter(Boolean).join('\n')}
</body></html>
`;
}
