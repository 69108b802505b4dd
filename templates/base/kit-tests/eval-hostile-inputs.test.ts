/**
 * `npm run eval` against hostile or odd input files (issue 10): every refusal is exit 3 with one
 * line naming the file and the reason, quickly, without quoting the file; a crash is exit 4 with one
 * line (the stack only with DEBUG=1); a deleted working folder or SIGTERM ends the run at once; and
 * CI's eval step never turns a crash or invalid input green. The same in every pilot, so it runs
 * once, in one generated pilot (kit-tests/).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CASE_FILE_MAX_BYTES } from '../../src/kit/evals/input-file.js';
import { TIMEOUT, dataset, datasetPath, model, oracle, root, runEval, timeoutFor, workspace } from './helpers/eval-workspace.js';
import { tempDir } from './helpers/temp-dir.js';

const casesDir = (dir: string) => join(dir, datasetPath);
/** stderr's lines without the closing "invalid input" line and the hint: the problems themselves. */
const problems = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => !/^eval: invalid input|^Each line of a case file/.test(l));

describe.concurrent('issue 10: case and criteria files nobody chose', () => {
  it('refuses a case file linked to /dev/zero at once, naming it (it used to read 16 GB)', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    symlinkSync('/dev/zero', join(casesDir(dir), 'zero.jsonl'));
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(problems(run.stderr)).toEqual([`${datasetPath}/zero.jsonl: case file is a symlink that leaves the pilot (to /dev/zero); copy the file into the pilot instead`]);
  });

  it('refuses a link to /etc/passwd without quoting a line of it', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    symlinkSync('/etc/passwd', join(casesDir(dir), 'passwd.jsonl'));
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(problems(run.stderr)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/root:|nologin|\/bin\/(ba)?sh/);
  });

  it('refuses a directory named x.jsonl, a dangling link and a FIFO, one line each', { timeout: timeoutFor(2) }, async () => {
    const dir = workspace();
    mkdirSync(join(casesDir(dir), 'x.jsonl'));
    symlinkSync(join(casesDir(dir), 'gone.txt'), join(casesDir(dir), 'dangling.jsonl'));
    execFileSync('mkfifo', [join(casesDir(dir), 'pipe.jsonl')]);
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(problems(run.stderr)).toEqual([
      `${datasetPath}/dangling.jsonl: case file is a dangling symlink (to ${join(casesDir(dir), 'gone.txt')}, which does not exist)`,
      `${datasetPath}/pipe.jsonl: case file is a FIFO (named pipe), not a regular file`,
      `${datasetPath}/x.jsonl: case file is a directory, not a regular file`,
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('refuses an unreadable case file (skipped as root, who can read any file)', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const file = join(dir, dataset.files[0] ?? '');
    chmodSync(file, 0o000);
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(problems(run.stderr)).toEqual([`${dataset.files[0]}: case file cannot be read (permission denied): check its mode and owner`]);
  });

  it('refuses a case file over the size cap, naming the cap', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    writeFileSync(join(casesDir(dir), 'huge.jsonl'), Buffer.alloc(CASE_FILE_MAX_BYTES + 1, 0x20));
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(problems(run.stderr)).toEqual([`${datasetPath}/huge.jsonl: case file is 8 MiB, over the 8 MiB cap for case files; split it into smaller files`]);
  });

  it('refuses a 1 MB binary case file in one line (it used to print 441 kB)', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const bytes = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    writeFileSync(join(casesDir(dir), 'blob.jsonl'), bytes);
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(problems(run.stderr)).toEqual([`${datasetPath}/blob.jsonl: case file is binary, not text (a NUL byte at offset 0)`]);
  });

  it('caps a flood of bad lines at 20 problems and a count, with control bytes escaped', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const line = `\u001b[31m{"id": ${'x'.repeat(5000)}\u0007`;
    writeFileSync(join(casesDir(dir), 'noise.jsonl'), `${Array(500).fill(line).join('\n')}\n`);
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    const lines = problems(run.stderr);
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('... and 480 more problem(s) not shown (fix the ones above and run again)');
    expect(lines[0]).toMatch(/^evals\/cases\/noise\.jsonl:1: not valid JSON (at column \d+ \(near ".*"\)|\(starts "\\x1b\[31m\{"id": x+…"\))$/);
    const raw = [...run.stderr].filter((ch) => {
      const code = ch.charCodeAt(0);
      return (code < 0x20 && code !== 0x0a) || code === 0x7f;
    });
    expect(raw).toEqual([]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(200);
  });

  it('refuses a criteria file that is a FIFO at once', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    rmSync(join(dir, 'success-criteria.yaml'));
    execFileSync('mkfifo', [join(dir, 'success-criteria.yaml')]);
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^success-criteria\.yaml: criteria file is a FIFO \(named pipe\), not a regular file$/m);
  });
});

describe.concurrent('the runner fails closed and stays responsive', () => {
  it('an internal crash prints one line and exits 4; DEBUG=1 adds the stack', { timeout: timeoutFor(2) }, async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'evals/reports'), 'not a folder'); // reading and writing reports fails
    const run = await runEval(dir);
    expect(run.code).toBe(4);
    const crash = run.stderr.trim().split('\n');
    expect(crash).toHaveLength(1);
    expect(crash[0]).toMatch(/^eval: internal error, nothing was judged \(exit 4\): Error: ENOTDIR.* \(DEBUG=1 shows the stack\)$/);
    const debug = await runEval(dir, [], { DEBUG: '1' });
    expect(debug.code).toBe(4);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('stops at once, exit 3, when its working folder is deleted during the run (it used to spin)', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const { env } = await model({ answer: oracle('right'), delayMs: 3_000 }, { PILOT_EVAL_CACHE: 'off' });
    const run = await runEval(dir, [], env, (child) => {
      child.stdout?.on('data', (d: Buffer) => {
        if (String(d).includes('baseline (')) rmSync(dir, { recursive: true, force: true });
      });
    });
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stderr).toMatch(/eval: the working folder .* was deleted during the run; stopped, nothing was judged \(exit 3\)/);
  });

  it('honours SIGTERM during a run: it ends, saying nothing was judged', { timeout: timeoutFor(2) }, async () => {
    const dir = workspace();
    const { env } = await model({ answer: oracle('right'), delayMs: 60_000 }, { PILOT_EVAL_CACHE: 'off' });
    let signalled = false;
    const run = await runEval(
      dir,
      [],
      env,
      (child) => {
        child.stdout?.on('data', (d: Buffer) => {
          if (!signalled && String(d).includes('baseline (')) {
            signalled = true;
            // To the whole process group (npm, sh, node), as Ctrl-C in a terminal or a cancelled CI job does.
            process.kill(-(child.pid ?? 0), 'SIGTERM');
          }
        });
      },
      true,
    );
    expect(run.stderr, run.stdout).toContain('eval: stopped by SIGTERM, nothing was judged');
    expect(run.code === 143 || run.signal === 'SIGTERM', `code ${run.code}, signal ${run.signal}`).toBe(true);
    expect(run.report).toBeNull();
  });
});

/** The eval step of the generated workflow, run by bash as GitHub Actions would (no model configured). */
async function workflowEvalStep(dir: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const workflow = parse(readFileSync(join(root, '.github/workflows/pilot.yml'), 'utf8')) as { jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }> };
  const step = Object.values(workflow.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.name === 'Eval gate');
  if (!step?.run) throw new Error('the workflow has no "Eval gate" step');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENAI_|PILOT_|CI$|DEBUG$)/.test(k)));
  return new Promise((done) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], {
      cwd: dir,
      env: { ...clean, CI: 'true', RUNNER_TEMP: tempDir('runner'), PILOT_MODEL: '', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('close', (code) => done({ code, output }));
  });
}

describe.concurrent("the generated workflow's eval step", () => {
  it('warns and passes only when the one blocker is "no model configured"', { timeout: timeoutFor(2) }, async () => {
    const dir = workspace();
    expect((await runEval(dir, ['--lock'])).code).toBe(0);
    const run = await workflowEvalStep(dir, {});
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('::warning::Eval gate not enforced: no model configured');
  });

  it('fails an unlocked pilot in CI even without a model', { timeout: TIMEOUT }, async () => {
    const run = await workflowEvalStep(workspace(), {});
    expect(run.code, run.output).toBe(2);
    expect(run.output).toMatch(/eval gate enforced: the run is inconclusive for other reasons too/);
  });

  it('never turns a crash or invalid input green', { timeout: timeoutFor(3) }, async () => {
    const crashed = workspace();
    expect((await runEval(crashed, ['--lock'])).code).toBe(0);
    writeFileSync(join(crashed, 'evals/reports'), 'not a folder');
    expect((await workflowEvalStep(crashed, {})).code).toBe(4);
    const invalid = workspace();
    writeFileSync(join(invalid, 'success-criteria.yaml'), 'use_case: [unclosed\n');
    expect((await workflowEvalStep(invalid, {})).code).toBe(3);
  });
});
