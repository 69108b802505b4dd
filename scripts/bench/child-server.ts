// A server the service bench runs in its own Node process: spawned with its output going straight
// to a log file (no pipe for this process to drain while it is under load), ready when `ready`
// says so, stopped with SIGTERM as a process manager would (the pilot drains in-flight requests).
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ChildServer {
  url: string;
  pid: number;
  /** What it has printed so far (stdout and stderr, interleaved). */
  log: () => Promise<string>;
  /** SIGTERM, then SIGKILL if it has not exited in time; resolves to the exit code (null if killed). */
  stop: () => Promise<number | null>;
}

export interface ChildServerSpec {
  name: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** The server's base URL once it is ready, null while it is not; given the log so far. */
  ready: (log: string) => Promise<string | null>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const tail = (log: string): string => log.trim().split('\n').slice(-3).join(' | ').slice(-400);

/**
 * A port that was free a moment ago on 127.0.0.1, for a server that cannot tell us which port it
 * got from PORT=0 (see service-bench.ts). Another process could take it in between; the server
 * then fails with EADDRINUSE, which is reported, not hidden.
 */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startChildServer(spec: ChildServerSpec): Promise<ChildServer> {
  const out = openSync(spec.logFile, 'a');
  const child = spawn(process.execPath, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', out, out] });
  closeSync(out); // the child has its own copy
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    });
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});
  const log = () => readFile(spec.logFile, 'utf8');
  const stop = async (): Promise<number | null> => {
    if (!exit) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    return exit!.code;
  };

  const deadline = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    const url = await Promise.race([spec.ready(await log()), spawnError]);
    if (url) return { url, pid: child.pid!, log, stop };
    if (exit) {
      const { code, signal } = exit as { code: number | null; signal: NodeJS.Signals | null };
      throw new Error(`${spec.name} exited ${code ?? signal} before it was ready: ${tail(await log()) || 'it printed nothing'}`);
    }
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${spec.name} was not ready within ${START_TIMEOUT_MS / 1000} s: ${tail(await log()) || 'it printed nothing'}`);
    }
    await sleep(50);
  }
}
