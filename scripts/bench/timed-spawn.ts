// One child process, timed from spawn to close in this process (start-up included: that is what a
// user waits for), its output captured, killed if it outlives its timeout instead of hanging the bench.
import { type SpawnOptions, spawn } from 'node:child_process';

export interface TimedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the timeout killed it. */
  timedOut: boolean;
  wallMs: number;
  stdout: string;
  stderr: string;
}

export async function timedSpawn(command: string, args: readonly string[], options: SpawnOptions, timeoutMs: number): Promise<TimedRun> {
  const start = process.hrtime.bigint();
  // stdin 'ignore' is /dev/null: not a TTY, so CLIs take their non-interactive path.
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  return { code, signal, timedOut, wallMs: Number(process.hrtime.bigint() - start) / 1e6, stdout, stderr };
}
