// A generated pilot's service on a free loopback port, on the pilots' Node line, started as its users
// would: `npm start` (which builds dist/ first), or the production command its Dockerfile runs on a
// built pilot.
import { type ResultPromise, execa } from 'execa';
import { pilotEnv } from './pilot.js';

export interface RunningService {
  url: string;
  output: () => string;
  /** The started process: npm for `npm start`, node for the production command. */
  pid: number;
  /** SIGTERM to the started process alone, as `kill <pid>` or a process manager sends it; resolves with its exit code. */
  stop(): Promise<number | undefined>;
  /** Safety net for afterAll: SIGKILL to whatever of the group is left, so a failed test leaks no server. */
  kill(): void;
}

export type StartCommand = 'npm start' | 'node dist/kit/server.js';

export async function startService(dir: string, env: Record<string, string>, command: StartCommand = 'npm start'): Promise<RunningService> {
  const [file, ...args] = command.split(' ') as [string, ...string[]];
  const child: ResultPromise = execa(file, args, {
    cwd: dir,
    env: pilotEnv({ PORT: '0', HOST: '127.0.0.1', ...env }),
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
    // Its own process group, so a test can tell what the signal reached from what it left behind.
    detached: true,
  });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 90_000);
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.all?.on('data', check);
    void child.then(() => reject(new Error(`service exited before listening:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    pid: child.pid ?? 0,
    // Only to the process we started: `start` is `exec node ...`, so npm's forwarded SIGTERM reaches the server.
    stop: async () => {
      if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
      return (await child).exitCode;
    },
    kill: () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: nothing of the group is left.
      }
    },
  };
}

export interface LogLine {
  msg?: string;
  reqId?: string;
  reason?: string;
  level?: number;
}

/**
 * The service log's lines for one request (by its x-request-id), once its last one ('request
 * completed') has come through: the log is written after the answer, so it can trail it.
 */
export async function requestLog(service: RunningService, requestId: string | null): Promise<LogLine[]> {
  for (let tries = 0; tries < 250; tries++) {
    const lines = service
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.reqId === requestId);
    if (lines.some((line) => line.msg === 'request completed')) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the service logged no 'request completed' for ${requestId}:\n${service.output()}`);
}
