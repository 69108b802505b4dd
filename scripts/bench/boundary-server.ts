// The service bench's headline server: a generated pilot's own service boundary, built from the
// pilot's own modules and the same environment `npm start` reads, with one difference: the model
// is the in-process stand-in (instant-model.ts) instead of an HTTP call, so what is measured is
// the boundary itself (auth, zod validation, per-principal rate limit, the audit file, logging).
// The wiring mirrors main() in the template's src/kit/server.ts; keep the two in step.
//
// It imports the pilot's build (dist/, from `npm run build`), the JavaScript production runs, and
// is itself bundled by the pilot's esbuild (service-pilot.ts), so no TypeScript loader sits in the
// measured process: tsx wraps every function it compiles in a naming helper, which the service
// never pays for. Run with the pilot as cwd: node <bundle>. BENCH_KNOWN_CASES holds the cases
// (JSON, [{subject, label}]). Prints `boundary server listening on <url>` once it listens (on
// PORT and HOST, as the service does; PORT=0 picks a free port), and on SIGTERM drains like the
// service, then prints `boundary model: {"calls":n,"unmatched":n}` and exits 0.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KnownCase } from './bench-answers.js';
import { type InstantModel, createInstantModel } from './instant-model.js';

/** What this file uses of the pilot's modules (the pilot is rendered at run time, so no static types). */
interface PilotApp {
  listen: (options: { port: number; host: string }) => Promise<string>;
  close: () => Promise<void>;
  server: { address: () => unknown };
  log: { warn: (message: string) => void };
}
interface ServerConfig {
  port: number;
  host: string;
  logLevel: string;
  bodyLimitBytes: number;
  rateLimit: { max: number; windowMs: number };
  auditFile: string | undefined;
  auditRequired: boolean;
  auditHashKey: string | undefined;
  timeouts: Record<string, number>;
  feedbackFile: string;
  fallback: string;
}
interface PilotModules {
  buildServer: (deps: Record<string, unknown>) => PilotApp;
  createAuth: (env: NodeJS.ProcessEnv) => unknown;
  createConnector: (env: NodeJS.ProcessEnv, options: { warn: (message: string) => void }) => unknown;
  readServerConfig: (env: NodeJS.ProcessEnv) => ServerConfig;
  fileAuditSink: (path: string) => unknown;
  loadDotEnv: () => void;
}

async function importPilot(dir: string): Promise<PilotModules> {
  const load = (path: string) => import(pathToFileURL(join(dir, path)).href) as Promise<Record<string, unknown>>;
  const [app, auth, connectors, config, audit, env] = await Promise.all(
    ['dist/kit/server/app.js', 'dist/auth.js', 'dist/connector.js', 'dist/kit/server/config.js', 'dist/kit/server/audit.js', 'dist/kit/env.js'].map(load),
  );
  return { ...app, ...auth, ...connectors, ...config, ...audit, ...env } as unknown as PilotModules;
}

function knownCases(): KnownCase[] {
  const raw = process.env.BENCH_KNOWN_CASES;
  if (!raw) throw new Error('BENCH_KNOWN_CASES is not set');
  return JSON.parse(raw) as KnownCase[];
}

async function main(): Promise<void> {
  const pilot = await importPilot(process.cwd());
  pilot.loadDotEnv();
  const env = process.env;
  const config = pilot.readServerConfig(env);
  const model: InstantModel = createInstantModel(env.PILOT_MODEL ?? 'bench-instant-model', knownCases());
  const auth = pilot.createAuth(env);
  let app: PilotApp | undefined;
  const connector = pilot.createConnector(env, { warn: (message) => (app ? app.log.warn(message) : console.warn(message)) });
  app = pilot.buildServer({
    model,
    fallback: config.fallback,
    auth,
    connector,
    bodyLimitBytes: config.bodyLimitBytes,
    rateLimit: config.rateLimit,
    timeouts: config.timeouts,
    audit: config.auditFile ? pilot.fileAuditSink(config.auditFile) : undefined,
    auditRequired: config.auditRequired,
    auditHashKey: config.auditHashKey,
    feedbackFile: config.feedbackFile,
    logger: { level: config.logLevel },
  });
  const server = app;
  process.once('SIGTERM', () => {
    server.close().then(
      () => {
        console.log(`boundary model: ${JSON.stringify({ calls: model.usage.calls, unmatched: model.unmatched })}`);
        process.exit(0);
      },
      (err: unknown) => {
        console.error('boundary server: shutdown failed', err);
        process.exit(1);
      },
    );
  });
  await server.listen({ port: config.port, host: config.host });
  const { port } = server.server.address() as { port: number };
  console.log(`boundary server listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
