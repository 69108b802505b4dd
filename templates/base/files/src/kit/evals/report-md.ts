/** report.md: the verdict first, then what failed and the cases behind it, then the detail. */
import { NO_ANSWER_COLUMN } from './metrics.js';
import type { CaseRow, Report } from './report.js';
import { VERDICT_TEXT, durationText, estimateText, gateLine, judgeLine, numberText, pct } from './report-format.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const json = (value: unknown) => `\`${cell(JSON.stringify(value ?? null))}\``;

function caseLine(c: CaseRow): string {
  const p = c.pipeline;
  const got = !p ? 'not run' : p.status === 'ok' ? json(p.output) : `${p.status}${p.detail ? `: ${cell(p.detail)}` : ''}`;
  const flip = c.flip === 'broke' ? ' **(passed in the last cleared run)**' : '';
  return `| \`${c.id}\` | ${c.tags.join(', ')} | ${json(c.expected)} | ${got}${flip} | ${c.baseline.pass ? 'pass' : 'fail'} |`;
}

export function renderMarkdown(r: Report): string {
  const lines: string[] = [`# Eval report: ${r.useCase}`, '', `**Verdict: ${VERDICT_TEXT[r.verdict]}** (exit ${r.exitCode})`, ''];
  for (const b of r.blockers) lines.push(`- Inconclusive because: ${b}`);
  const notPassed = r.gates.filter((g) => g.status !== 'PASS');
  for (const g of notPassed) lines.push(`- ${gateLine(g, false)}`);
  if (r.blockers.length === 0 && notPassed.length === 0) lines.push('Every gate passed.');

  lines.push('', '## Failing cases', '');
  const failing = r.cases.filter((c) => c.pipeline && !c.pipeline.pass);
  if (!r.pipeline) lines.push('The pipeline was not scored (no model).');
  else if (failing.length === 0) lines.push('None.');
  else lines.push('| case | tags | expected | pipeline answered | baseline |', '|---|---|---|---|---|', ...failing.map(caseLine));

  const broke = r.cases.filter((c) => c.flip === 'broke');
  if (r.comparedTo) {
    lines.push('', `## New failures since the last cleared run (${r.comparedTo.generatedAt})`, '');
    lines.push(broke.length === 0 ? 'None.' : broke.map((c) => `- \`${c.id}\` (${c.tags.join(', ')}): passed then, fails now`).join('\n'));
  }
  if (r.repeat > 1) {
    lines.push('', `## Flaky cases (answers differed across ${r.repeat} asks)`, '', r.flaky.length === 0 ? 'None.' : r.flaky.map((id) => `- \`${id}\``).join('\n'));
  }

  if (r.flips.length > 0 && r.comparedTo) {
    lines.push('', `## Flipped since the last cleared run (${r.comparedTo.generatedAt})`, '');
    for (const f of r.flips) lines.push(`- \`${f.id}\`: ${f.was} -> ${f.now}`);
  }

  lines.push('', '## Gates', '');
  if (r.gates.length === 0) lines.push('Not judged: the pipeline was not scored.');
  for (const g of r.gates) lines.push(`- ${gateLine(g, false)}`);
  if (r.judge) lines.push(`- ${judgeLine(r.judge)}`);
  if (r.beatBaseline) {
    const bb = r.beatBaseline;
    const interval = bb.interval ? `[${numberText(bb.interval.low)}, ${numberText(bb.interval.high)}]` : 'n/a';
    lines.push(`- Compared on ${bb.basis}: difference ${numberText(bb.actual)}, 95% interval ${interval} (${bb.method === 'newcombe' ? 'Newcombe, paired' : 'paired bootstrap'})`);
    if (bb.mcnemar) lines.push(`- Paired cases: ${bb.mcnemar.b} only the pipeline got right, ${bb.mcnemar.c} only the baseline; exact McNemar p = ${numberText(bb.mcnemar.pValue)}`);
  }

  lines.push('', '## Metrics (95% intervals)', '', '| metric | pipeline | baseline | delta | gate |', '|---|---|---|---|---|');
  for (const m of r.metrics) {
    const gate = m.gate ? `${m.gate.status} (${m.gate.gate})` : '';
    lines.push(`| ${m.key} | ${estimateText(m.pipeline)} | ${estimateText(m.baseline)} | ${m.delta === null ? 'n/a' : numberText(m.delta)} | ${gate} |`);
  }

  const s = r.pipeline;
  lines.push('', '## Latency, tokens and cost', '', '| | latency p50 | latency p95 | tokens in / out | cost per case |', '|---|---|---|---|---|');
  lines.push(`| baseline: ${cell(r.baseline.name)} (declared) | ${durationText(r.baseline.declared.latencyP50Ms)} | n/a | n/a | $${r.baseline.declared.costPerCaseUsd} |`);
  if (s && r.model) {
    const cost = s.costPerCaseUsd === null ? 'n/a' : `$${s.costPerCaseUsd.toFixed(5)}`;
    lines.push(`| pipeline: ${cell(r.model.name)} | ${durationText(s.latencyP50Ms)} | ${durationText(s.latencyP95Ms)} | ${s.tokens.prompt} / ${s.tokens.completion} | ${cost} |`);
    lines.push(
      '',
      `Price: ${r.model.price ? `${r.model.price.source} ($${r.model.price.inputPerMTokUsd} / $${r.model.price.outputPerMTokUsd} per M tokens in / out)` : 'none'}. ` +
        `Cache: ${r.model.cache.enabled ? `${r.model.cache.hits} of ${r.model.cache.asks} answers from ${r.model.cache.dir} (latency and tokens as first measured)` : 'off: every answer asked live'}. ` +
        `${s.invalid} invalid answers, ${s.outOfSet} with labels outside the allowed set, ${s.errors} without an answer.`,
    );
  }

  const perClass = s?.classes ?? [];
  if (s && perClass.length > 0) {
    lines.push('', '## Per class (pipeline)', '', '| class | support | precision | recall | F1 |', '|---|---|---|---|---|');
    for (const c of perClass) lines.push(`| ${c.class} | ${c.support} | ${estimateText(c.precision)} | ${estimateText(c.recall)} | ${numberText(c.f1)} |`);
    const cm = s.confusion;
    lines.push(
      '',
      'Confusion matrix (rows: expected, columns: answered):',
      '',
      `| | ${cm.columns.map((c) => (c === NO_ANSWER_COLUMN ? 'no valid answer' : c)).join(' | ')} |`,
      `|---|${cm.columns.map(() => '---').join('|')}|`,
    );
    for (const [i, row] of cm.rows.entries()) lines.push(`| ${row} | ${(cm.counts[i] ?? []).join(' | ')} |`);
  }

  lines.push('', '## Pass rate per tag', '', '| tag | pipeline | baseline |', '|---|---|---|');
  for (const t of r.tags) lines.push(`| ${t.tag} | ${estimateText(t.pipeline)} | ${estimateText(t.baseline)} |`);

  lines.push(
    '',
    '## Run',
    '',
    `- Generated ${r.generatedAt}; ${r.dataset.cases} cases (min ${r.dataset.minCases}) in ${r.dataset.files.join(', ')}; sha256 \`${r.dataset.sha256.slice(0, 12)}\`${r.dataset.locked ? ' (cases and gates locked)' : ' (not locked: `npm run eval -- --lock`)'}${r.repeat > 1 ? `; each case asked ${r.repeat} times` : ''}`,
    `- Baseline: ${r.baseline.name}: accuracy ${pct(r.baseline.summary.metrics.accuracy?.value)}`,
    `- Model: ${r.model ? `${r.model.name}, ${r.model.concurrency} in flight` : 'none configured'}`,
  );
  return `${lines.join('\n')}\n`;
}
