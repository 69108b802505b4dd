// A generated pilot's service on a free loopback port, started as its users would: `npm start`, or the
// production command its Dockerfile runs (one node process, so signals reach the server itself).
import { type ResultPromise, execa } from 'execa';
import { userEnv } from './env.js';

export interface RunningService {
  url: string;
  output: () => string;
  stop(): Promise<number | undefined>;
}

export type StartCommand = 'npm start' | 'node --import tsx src/kit/server.ts';

export async function startService(dir: string, env: Record<string, string>, command: StartCommand = 'npm start'): Promise<RunningService> {
  const [file, ...args] = command.split(' ') as [string, ...string[]];
  const child: ResultPromise = execa(file, args, {
    cwd: dir,
    env: userEnv({ PORT: '0', HOST: '127.0.0.1', ...env }),
    extendEnv: false,
    reject: false,
    all: true,
    stdin: 'ignore',
    detached: true,
  });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 60_000);
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
    // To the whole group: npm does not forward signals to the node process it started.
    stop: async () => {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      return (await child).exitCode;
    },
  };
}
