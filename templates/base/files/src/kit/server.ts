/**
 * `npm start`: the service boundary as a process. The app itself is built in src/kit/server/app.ts
 * (imported by tests and readiness); this file reads the settings, starts listening, and drains
 * in-flight requests on SIGTERM/SIGINT.
 *
 * Exit codes: 0 after a clean shutdown; 1 when startup or shutdown fails; 2 for a bad setting
 * (printed as `config: ...`), so a typo in .env is told apart from a crash.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createAuth } from '../auth.js';
import { createConnector } from '../connector.js';
import { ConfigError, loadDotEnv } from './env.js';
import { NO_MODEL_MESSAGE, createModel } from './model/index.js';
import { useCase } from '../pipeline.js';
import { fileAuditSink, stdoutAuditSink } from './server/audit.js';
import { FALLBACK_HINT } from './server/pipeline-route.js';
import { buildServer } from './server/app.js';
import { readServerConfig } from './server/config.js';
import { rateLimitRedis } from './server/rate-limit.js';

export { buildServer, type ServerDeps } from './server/app.js';
export { DEFAULT_BODY_LIMIT_BYTES } from './server/config.js';

async function main(): Promise<void> {
  loadDotEnv();
  const env = process.env;
  const config = readServerConfig(env);
  const model = createModel(env);
  const auth = createAuth(env);
  // The connector reports skipped records through the service log once the app exists.
  let app: FastifyInstance | undefined;
  const connector = createConnector(env, { warn: (message) => (app ? app.log.warn(message) : console.warn(message)) });
  const redis = config.rateLimit.redisUrl ? rateLimitRedis(config.rateLimit.redisUrl) : undefined;
  app = buildServer({
    model,
    fallback: config.fallback,
    auth,
    connector,
    bodyLimitBytes: config.bodyLimitBytes,
    rateLimit: config.rateLimit,
    redis,
    timeouts: config.timeouts,
    // Unset: plain JSON lines on stdout, for the log pipeline (RUNBOOK, "Audit trail").
    audit: config.auditFile ? fileAuditSink(config.auditFile) : stdoutAuditSink(),
    auditRequired: config.auditRequired,
    auditHashKey: config.auditHashKey,
    feedbackFile: config.feedbackFile,
    logger: { level: config.logLevel },
  });
  const server = app;
  if (redis) {
    redis.on('error', (err: Error) => server.log.error({ err: err.message }, 'rate-limit store (PILOT_REDIS_URL) error'));
    server.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  }

  // Start anyway (healthz, 401s and 503s are still useful), but say what is missing.
  if (!model && config.fallback === 'baseline') server.log.warn(`${NO_MODEL_MESSAGE} Until then the baseline answers (PILOT_FALLBACK=baseline).`);
  else if (!model) server.log.warn(`${NO_MODEL_MESSAGE} ${FALLBACK_HINT}`);
  const authInfo = auth.describe();
  if (!authInfo.configured) server.log.warn(`auth: ${authInfo.detail}`);
  if (!config.auditHashKey) server.log.warn("PILOT_AUDIT_HASH_KEY is not set: people's references in audit lines change on every restart and differ between instances");

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1); // a second signal means "now"
    closing = true;
    server.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      server.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out with requests still in flight (PILOT_SHUTDOWN_TIMEOUT_MS)');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  try {
    await server.listen({ port: config.port, host: config.host });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`cannot listen on ${config.host}:${config.port}${code ? ` (${code})` : ''}: set PORT / HOST`, { cause: err });
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  server.log.info(
    {
      port,
      host: config.host,
      useCase,
      auth: authInfo.kind,
      connector: connector.describe().kind,
      model: model?.name ?? null,
      fallback: config.fallback,
      audit: config.auditFile ?? 'stdout',
      auditRequired: config.auditRequired,
      rateLimitStore: redis ? 'redis' : 'memory',
    },
    `pilot listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
  );
}

/** True when this file is the program (npm start), false when imported (tests, readiness). */
function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(`config: ${err.message}`);
      process.exit(2);
    }
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
