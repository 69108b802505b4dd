/**
 * report.html: the report as one self-contained page (inline CSS and SVG, no scripts, fonts or
 * network), so it opens from a CI artifact or renders in a headless browser offline.
 * The chart is `<svg class="metric-chart">`: per metric a `rect.value` (the pipeline), a `line.ci`
 * (its 95% interval), a `line.bar` (the threshold) and a `line.baseline`, each with data-metric.
 */
import type { GateStatus } from './gates.js';
import { NO_ANSWER_COLUMN } from './metrics.js';
import type { Report } from './report.js';
import { VERDICT_TEXT, durationText, estimateText, gateLine, judgeLine, numberText } from './report-format.js';

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface ChartRow {
  key: string;
  label: string;
  scaleMax: number;
  value: number | null;
  low: number | null;
  high: number | null;
  bar: number | null;
  baseline: number | null;
  status: GateStatus | null;
  format: (x: number) => string;
}

const COLORS: Record<GateStatus | 'none', string> = { PASS: '#2e7d32', FAIL: '#c62828', INCONCLUSIVE: '#ef8f00', none: '#78909c' };
const share = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Every gated metric (shares on 0..1), then latency and cost, each on a scale wide enough for bar and value. */
function chartRows(r: Report): ChartRow[] {
  const rows: ChartRow[] = [];
  for (const m of r.metrics) {
    const gate = m.gate ?? m.baselineGate;
    const isBeatMetric = r.beatBaseline?.metric === m.key;
    if (!gate && !isBeatMetric) continue;
    const est = m.pipeline;
    rows.push({
      key: m.key,
      label: m.key,
      scaleMax: 1,
      value: est?.value ?? null,
      low: est?.ci95?.low ?? null,
      high: est?.ci95?.high ?? null,
      bar: gate ? gate.threshold : null,
      baseline: m.baseline?.value ?? null,
      status: m.gate?.status ?? null,
      format: share,
    });
  }
  const s = r.pipeline;
  const gateFor = (key: string) => r.gates.find((g) => g.key === key) ?? null;
  const budgetRow = (key: string, label: string, value: number | null, budget: number | null, baseline: number, format: (x: number) => string): ChartRow => ({
    key,
    label,
    scaleMax: Math.max(2 * (budget ?? 0), 1.1 * (value ?? 0)) || 1,
    value,
    low: null,
    high: null,
    bar: budget,
    baseline,
    status: gateFor(key)?.status ?? null,
    format,
  });
  rows.push(budgetRow('latency_p95_ms', 'latency p95', s?.latencyP95Ms ?? null, gateFor('latency_p95_ms')?.threshold ?? null, r.baseline.declared.latencyP50Ms, durationText));
  rows.push(
    budgetRow('cost_per_case_usd', 'cost per case (USD)', s?.costPerCaseUsd ?? null, gateFor('cost_per_case_usd')?.threshold ?? null, r.baseline.declared.costPerCaseUsd, (x) => `$${numberText(x)}`),
  );
  return rows;
}

function chart(rows: ChartRow[]): string {
  const left = 190;
  const width = 480;
  const rowHeight = 34;
  const top = 10;
  const height = top + rows.length * rowHeight + 40;
  const x = (row: ChartRow, v: number) => (left + (Math.min(Math.max(v, 0), row.scaleMax) / row.scaleMax) * width).toFixed(1);
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const metric = `data-metric="${esc(row.key)}"`;
    parts.push(`<text x="${left - 8}" y="${y + 17}" text-anchor="end" class="label">${esc(row.label)}</text>`);
    parts.push(`<rect class="track" x="${left}" y="${y + 6}" width="${width}" height="16" fill="#eceff1"/>`);
    if (row.value !== null) {
      const w = (Number(x(row, row.value)) - left).toFixed(1);
      parts.push(`<rect class="value" ${metric} x="${left}" y="${y + 6}" width="${w}" height="16" fill="${COLORS[row.status ?? 'none']}"><title>pipeline ${esc(row.format(row.value))}</title></rect>`);
    }
    if (row.low !== null && row.high !== null) {
      parts.push(
        `<line class="ci" ${metric} x1="${x(row, row.low)}" x2="${x(row, row.high)}" y1="${y + 14}" y2="${y + 14}" stroke="#263238" stroke-width="2"><title>95% interval ${esc(row.format(row.low))} to ${esc(row.format(row.high))}</title></line>`,
      );
    }
    if (row.bar !== null) {
      parts.push(
        `<line class="bar" ${metric} x1="${x(row, row.bar)}" x2="${x(row, row.bar)}" y1="${y + 2}" y2="${y + 26}" stroke="#000" stroke-width="3"><title>bar ${esc(row.format(row.bar))}</title></line>`,
      );
    }
    if (row.baseline !== null) {
      parts.push(
        `<line class="baseline" ${metric} x1="${x(row, row.baseline)}" x2="${x(row, row.baseline)}" y1="${y + 2}" y2="${y + 26}" stroke="#1565c0" stroke-width="3" stroke-dasharray="4 3"><title>baseline ${esc(row.format(row.baseline))}</title></line>`,
      );
    }
    const extras = [row.bar === null ? '' : `bar ${row.format(row.bar)}`, row.baseline === null ? '' : `baseline ${row.format(row.baseline)}`].filter(Boolean);
    const text = `${row.value === null ? 'not measured' : row.format(row.value)}${extras.length ? ` (${extras.join(', ')})` : ''}`;
    parts.push(`<text x="${left + width + 8}" y="${y + 17}" class="num">${esc(text)}</text>`);
  });
  const ly = top + rows.length * rowHeight + 20;
  parts.push(
    `<rect x="${left}" y="${ly - 9}" width="14" height="10" fill="${COLORS.PASS}"/><text x="${left + 18}" y="${ly}" class="legend">pipeline (colour = gate status)</text>`,
    `<line x1="${left + 230}" x2="${left + 230}" y1="${ly - 11}" y2="${ly + 2}" stroke="#000" stroke-width="3"/><text x="${left + 236}" y="${ly}" class="legend">bar</text>`,
    `<line x1="${left + 280}" x2="${left + 280}" y1="${ly - 11}" y2="${ly + 2}" stroke="#1565c0" stroke-width="3" stroke-dasharray="4 3"/><text x="${left + 286}" y="${ly}" class="legend">baseline</text>`,
    `<line x1="${left + 360}" x2="${left + 390}" y1="${ly - 4}" y2="${ly - 4}" stroke="#263238" stroke-width="2"/><text x="${left + 396}" y="${ly}" class="legend">95% interval</text>`,
  );
  return `<svg class="metric-chart" xmlns="http://www.w3.org/2000/svg" width="${left + width + 330}" height="${height}" viewBox="0 0 ${left + width + 330} ${height}" role="img" aria-label="Each metric against its bar and the baseline">${parts.join('')}</svg>`;
}

const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

export function renderHtml(r: Report): string {
  const verdictColor = r.verdict === 'cleared' ? COLORS.PASS : r.verdict === 'not_cleared' ? COLORS.FAIL : COLORS.INCONCLUSIVE;
  const s = r.pipeline;
  const failing = r.cases.filter((c) => c.pipeline && !c.pipeline.pass);
  const sections: string[] = [
    `<h1>Eval report: ${esc(r.useCase)}</h1>`,
    `<p class="verdict" style="background:${verdictColor}">${VERDICT_TEXT[r.verdict]} (exit ${r.exitCode})</p>`,
    r.blockers.length ? `<ul>${r.blockers.map((b) => `<li>Inconclusive because: ${esc(b)}</li>`).join('')}</ul>` : '',
    '<h2>Metrics against the bar and the baseline</h2>',
    chart(chartRows(r)),
    '<h2>Gates</h2>',
    r.gates.length ? `<ul>${r.gates.map((g) => `<li class="${g.status.toLowerCase()}">${esc(gateLine(g, false))}</li>`).join('')}</ul>` : '<p>Not judged: the pipeline was not scored.</p>',
    r.judge ? `<p>${esc(judgeLine(r.judge))}</p>` : '',
    '<h2>Failing cases</h2>',
    !s
      ? '<p>The pipeline was not scored (no model).</p>'
      : failing.length === 0
        ? '<p>None.</p>'
        : table(
            ['case', 'tags', 'expected', 'pipeline answered', 'baseline'],
            failing.map((c) => [
              c.id + (c.flip === 'broke' ? ' (passed in the last cleared run)' : ''),
              c.tags.join(', '),
              JSON.stringify(c.expected),
              c.pipeline?.status === 'ok' ? JSON.stringify(c.pipeline.output) : `${c.pipeline?.status}: ${c.pipeline?.detail ?? ''}`,
              c.baseline.pass ? 'pass' : 'fail',
            ]),
          ),
    r.flips.length && r.comparedTo
      ? `<h2>Flipped since the last cleared run (${esc(r.comparedTo.generatedAt)})</h2>${table(
          ['case', 'was', 'now'],
          r.flips.map((f) => [f.id, f.was, f.now]),
        )}`
      : '',
    '<h2>Metrics (95% intervals)</h2>',
    table(
      ['metric', 'pipeline', 'baseline', 'delta', 'gate'],
      r.metrics.map((m) => [m.key, estimateText(m.pipeline), estimateText(m.baseline), m.delta === null ? 'n/a' : numberText(m.delta), m.gate ? m.gate.status : '']),
    ),
  ];
  if (s && s.classes.length > 0) {
    sections.push(
      '<h2>Per class (pipeline)</h2>',
      table(
        ['class', 'support', 'precision', 'recall', 'F1'],
        s.classes.map((c) => [c.class, String(c.support), estimateText(c.precision), estimateText(c.recall), numberText(c.f1)]),
      ),
    );
    const cm = s.confusion;
    sections.push(
      '<h3>Confusion matrix (rows: expected, columns: answered)</h3>',
      table(
        ['', ...cm.columns.map((c) => (c === NO_ANSWER_COLUMN ? 'no valid answer' : c))],
        cm.rows.map((row, i) => [row, ...(cm.counts[i] ?? []).map(String)]),
      ),
    );
  }
  sections.push(
    '<h2>Pass rate per tag</h2>',
    table(
      ['tag', 'pipeline', 'baseline'],
      r.tags.map((t) => [t.tag, estimateText(t.pipeline), estimateText(t.baseline)]),
    ),
    `<p class="meta">Generated ${esc(r.generatedAt)} · ${r.dataset.cases} cases · sha256 ${esc(r.dataset.sha256.slice(0, 12))}${r.dataset.locked ? ' (locked)' : ''} · baseline: ${esc(r.baseline.name)} · model: ${esc(r.model?.name ?? 'none configured')}</p>`,
  );
  const css = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#263238;max-width:1100px}
.verdict{color:#fff;font-weight:700;font-size:1.3rem;padding:.5rem 1rem;display:inline-block;border-radius:4px}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #cfd8dc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eceff1}li.fail{color:${COLORS.FAIL}}li.inconclusive{color:#8a5300}.meta{color:#607d8b}
svg text{font:12px system-ui,sans-serif;fill:#263238}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Eval report: ${esc(r.useCase)} (${VERDICT_TEXT[r.verdict]})</title>
<style>${css}</style></head>
<body>
${sections.filter(Boolean).join('\n')}
</body></html>
`;
}
