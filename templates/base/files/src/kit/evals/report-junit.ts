/**
 * junit.xml, so CI systems show the eval like a test run: one test case per gate (and one per
 * blocker), failing exactly when the gate fails. Inconclusive gates and blockers are errors, not
 * skips: a gate nobody could judge must not look green. Per-case results are properties and
 * system-out of the suite, never failures: a wrongly answered case in a cleared run is not a failed test.
 */
import type { Report } from './report.js';
import { judgeLine, numberText } from './report-format.js';

const xml = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so they are removed on purpose.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

interface TestCase {
  name: string;
  failure?: string;
  error?: string;
}

function testcase(t: TestCase): string {
  const inner = t.failure !== undefined ? `<failure message="${xml(t.failure)}"/>` : t.error !== undefined ? `<error message="${xml(t.error)}"/>` : '';
  return `    <testcase classname="eval.gates" name="${xml(t.name)}">${inner}</testcase>`;
}

function caseResult(c: Report['cases'][number]): { verdict: string; line: string } {
  const p = c.pipeline;
  if (!p) return { verdict: 'not run', line: `${c.id} [${c.tags.join(', ')}]: not run` };
  const verdict = p.pass ? 'pass' : p.status === 'ok' ? 'fail' : p.status;
  const got = p.status === 'ok' ? JSON.stringify(p.output) : `${p.status}: ${p.detail ?? ''}`;
  return { verdict, line: `${c.id} [${c.tags.join(', ')}]: ${verdict}; expected ${JSON.stringify(c.expected)}, got ${got}` };
}

export function renderJunit(r: Report): string {
  const tests: TestCase[] = [
    ...r.blockers.map((b) => ({ name: 'run is conclusive', error: b })),
    ...r.gates.map((g) => {
      const detail = `${g.status}: ${numberText(g.actual)} vs ${g.threshold}${g.note ? ` (${g.note})` : ''}`;
      return g.status === 'PASS' ? { name: g.gate } : g.status === 'FAIL' ? { name: g.gate, failure: detail } : { name: g.gate, error: detail };
    }),
  ];
  const failures = tests.filter((t) => t.failure !== undefined).length;
  const errors = tests.filter((t) => t.error !== undefined).length;
  const results = r.cases.map(caseResult);
  const judge = r.judge
    ? [
        `      <property name="judge.asked" value="${r.judge.asked}"/>`,
        `      <property name="judge.failed" value="${r.judge.errors + r.judge.invalid}"/>`,
        `      <property name="judge" value="${xml(judgeLine(r.judge))}"/>`,
      ]
    : [];
  const properties = [
    `      <property name="verdict" value="${xml(r.verdict)}"/>`,
    ...judge,
    ...r.cases.map((c, i) => `      <property name="case.${xml(c.id)}" value="${xml(results[i]?.verdict ?? '')}"/>`),
  ];
  const out = results.map((x) => xml(x.line)).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="eval ${xml(r.useCase)}" tests="${tests.length}" failures="${failures}" errors="${errors}">
  <testsuite name="gates" tests="${tests.length}" failures="${failures}" errors="${errors}">
    <properties>
${properties.join('\n')}
    </properties>
${tests.map(testcase).join('\n')}
    <system-out>${out}</system-out>
  </testsuite>
</testsuites>
`;
}
