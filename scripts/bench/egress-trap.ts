// A dead-end HTTP(S) proxy on 127.0.0.1 that both eval runners are pointed at (HTTP_PROXY,
// HTTPS_PROXY, with NO_PROXY covering loopback), so the benchmark stays on this machine.
// promptfoo 0.121 posts a "telemetry disabled" event to r.promptfoo.app even with
// PROMPTFOO_DISABLE_TELEMETRY=1; through this proxy that attempt is refused at once and the host
// is recorded, so the bench can say what was attempted instead of letting it leave.
import { type Socket, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface EgressTrap {
  proxyUrl: string;
  /** Hosts something tried to reach through the proxy since the last call, e.g. r.promptfoo.app:443. */
  takeAttempts: () => string[];
  close: () => Promise<void>;
}

export async function startEgressTrap(): Promise<EgressTrap> {
  let attempts: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', (chunk: Buffer) => {
      // `CONNECT host:443 HTTP/1.1` for https, `POST http://host/path HTTP/1.1` for plain http.
      const [, target = '?'] = chunk.toString('latin1').split(' ', 2);
      attempts.push(target.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    proxyUrl: `http://127.0.0.1:${port}`,
    takeAttempts: () => {
      const taken = attempts;
      attempts = [];
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The caller's environment minus model and tool settings (and the npm_* variables of the
 * `npm run bench` around us, which a child npm would read as its own config), routed through the trap.
 */
export function offlineEnv(trap: EgressTrap, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(OPENAI_|PILOT_|PROMPTFOO_|npm_)|^(https?|no|all)_proxy$/i.test(key)) env[key] = value;
  }
  return {
    ...env,
    HTTP_PROXY: trap.proxyUrl,
    HTTPS_PROXY: trap.proxyUrl,
    http_proxy: trap.proxyUrl,
    https_proxy: trap.proxyUrl,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    NO_COLOR: '1',
    ...extra,
  };
}
