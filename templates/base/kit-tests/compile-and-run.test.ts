/**
 * `npm run eval` starts through src/kit/compile-and-run.mjs, which compiles src/ to .pilot-run/ and
 * runs that: it must run src/ as it is at that moment (an edit shows at the next run, a deleted file
 * is gone), and a file that does not compile is refused in one line per problem, exit 3, nothing run.
 * Each test works in a workspace with its own copy of src/, since it edits it.
 */
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TIMEOUT, root, runEval, timeoutFor, workspace } from './helpers/eval-workspace.js';

/** A workspace whose src/ is a copy, not a link to the pilot's. */
function ownSource(): string {
  const dir = workspace();
  rmSync(join(dir, 'src'));
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
  return dir;
}

describe.concurrent('npm run eval compiles the current src/ at every start', () => {
  it('runs an edit at the next run, and no longer runs it once undone', { timeout: timeoutFor(3) }, async () => {
    const dir = ownSource();
    const baseline = join(dir, 'src/baseline/index.ts');
    const original = readFileSync(baseline, 'utf8');
    const before = await runEval(dir);
    expect(before.code, before.stderr).toBe(2);
    expect(before.stdout).not.toContain('edited baseline loaded');

    appendFileSync(baseline, "\nconsole.log('edited baseline loaded');\n");
    const edited = await runEval(dir);
    expect(edited.code, edited.stderr).toBe(2);
    expect(edited.stdout).toContain('edited baseline loaded');

    writeFileSync(baseline, original);
    const undone = await runEval(dir);
    expect(undone.stdout).not.toContain('edited baseline loaded');
    expect(undone.report?.baseline.summary.n).toBe(before.report?.baseline.summary.n);
  });

  it('removes what it compiled from a source file that is gone, so nothing can import a stale copy', { timeout: timeoutFor(2) }, async () => {
    const dir = ownSource();
    writeFileSync(join(dir, 'src/kit/probe-module.ts'), 'export const probe: number = 1;\n');
    await runEval(dir);
    expect(existsSync(join(dir, '.pilot-run/kit/probe-module.js'))).toBe(true);
    rmSync(join(dir, 'src/kit/probe-module.ts'));
    const run = await runEval(dir);
    expect(run.code, run.stderr).toBe(2);
    expect(existsSync(join(dir, '.pilot-run/kit/probe-module.js'))).toBe(false);
    expect(existsSync(join(dir, '.pilot-run/kit/evals/run.js'))).toBe(true);
  });

  it('refuses a src/ file that does not compile: exit 3, file:line:column and the reason, nothing run', { timeout: TIMEOUT }, async () => {
    const dir = ownSource();
    appendFileSync(join(dir, 'src/baseline/index.ts'), '\nexport const broken = ;\n');
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^cannot compile src\/baseline\/index\.ts:\d+:\d+: Unexpected ";"$/m);
    expect(run.stderr).toContain('nothing was run (src/kit/evals/run.ts); fix the source and run again (exit 3)');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).not.toMatch(/^report: /m);
    expect(run.report).toBeNull();
  });

  it("still runs code with a type error, as tsx did: types are `npm run typecheck`'s to check", { timeout: TIMEOUT }, async () => {
    const dir = ownSource();
    appendFileSync(join(dir, 'src/baseline/index.ts'), "\nexport const mistyped: number = 'not a number' as unknown as string;\n");
    const run = await runEval(dir);
    expect(run.code, run.stderr).toBe(2);
    expect(run.report?.baseline.summary.n).toBeGreaterThan(0);
  });
});
