/**
 * `npm run <script> -- <args>` as CI runs it, for the tests that drive the pilot's own scripts: no
 * terminal (stdin closed at once), and none of the machine's model, pilot, OIDC, CI or DEBUG
 * settings, so a developer's real key, or the CI=true of the machine running the tests, never leaks in.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ScriptRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ScriptOptions {
  /** Set on top of the cleaned environment. */
  env?: Record<string, string>;
  /** Gets the child as soon as it is spawned (to signal it). */
  started?: (child: ChildProcess) => void;
  /** A process group of its own, so a test can signal the whole group as a terminal or CI runner does. */
  detached?: boolean;
}

export function npmScript(cwd: string, script: string, args: string[] = [], options: ScriptOptions = {}): Promise<ScriptRun> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENAI_|PILOT_|OIDC_|CI$|DEBUG$)/.test(k)));
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd,
      env: { ...clean, ...options.env },
      shell: process.platform === 'win32',
      detached: options.detached ?? false,
    });
    options.started?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d));
    child.stderr?.on('data', (d: Buffer) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    child.stdin?.end();
  });
}
