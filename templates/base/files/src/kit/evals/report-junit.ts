/**
 * junit.xml, so CI systems show the eval like a test run: suite `gates` has one test per gate
 * (and per blocker), suite `cases` one test per case the pipeline answered. Inconclusive gates are
 * errors, not skips: a gate nobody could judge must not look green.
 */
import type { Report } from './report.js';
import { numberText } from './report-format.js';

const xml = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so they are removed on purpose.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

interface TestCase {
  name: string;
  failure?: string;
  error?: string;
}

function suite(name: string, tests: TestCase[]): string {
  const failures = tests.filter((t) => t.failure !== undefined).length;
  const errors = tests.filter((t) => t.error !== undefined).length;
  const body = tests
    .map((t) => {
      const inner = t.failure !== undefined ? `<failure message="${xml(t.failure)}"/>` : t.error !== undefined ? `<error message="${xml(t.error)}"/>` : '';
      return `    <testcase classname="eval.${name}" name="${xml(t.name)}">${inner}</testcase>`;
    })
    .join('\n');
  return `  <testsuite name="${name}" tests="${tests.length}" failures="${failures}" errors="${errors}">\n${body}\n  </testsuite>`;
}

export function renderJunit(r: Report): string {
  const gates: TestCase[] = [
    ...r.blockers.map((b) => ({ name: 'run is conclusive', error: b })),
    ...r.gates.map((g) => {
      const detail = `${g.status}: ${numberText(g.actual)} vs ${g.threshold}${g.note ? ` (${g.note})` : ''}`;
      return g.status === 'PASS' ? { name: g.gate } : g.status === 'FAIL' ? { name: g.gate, failure: detail } : { name: g.gate, error: detail };
    }),
  ];
  const cases: TestCase[] = r.cases.flatMap((c) => {
    const p = c.pipeline;
    if (!p) return [];
    const name = `${c.id} [${c.tags.join(', ')}]`;
    if (p.pass) return [{ name }];
    const got = p.status === 'ok' ? JSON.stringify(p.output) : `${p.status}: ${p.detail ?? ''}`;
    const message = `expected ${JSON.stringify(c.expected)}, got ${got}`;
    return [p.status === 'error' ? { name, error: message } : { name, failure: message }];
  });
  const suites = [suite('gates', gates), ...(cases.length > 0 ? [suite('cases', cases)] : [])];
  const all = [...gates, ...cases];
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="eval ${xml(r.useCase)}" tests="${all.length}" failures="${all.filter((t) => t.failure !== undefined).length}" errors="${all.filter((t) => t.error !== undefined).length}">
${suites.join('\n')}
</testsuites>
`;
}
