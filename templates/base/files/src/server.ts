/**
 * The service boundary: the only way callers reach the pipeline.
 * GET /healthz is public (liveness, says nothing); everything else needs a principal the auth
 * hooks accept and an action they grant. Answers are advisory: a human reviews each one.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { createAuth } from './auth/index.js';
import type { Action, AuthHooks } from './auth/hooks.js';
import { type Connector, type Principal, systemPrincipal } from './connectors/connector.js';
import { createConnector } from './connectors/index.js';
import { ConfigError, loadDotEnv, readNumber, readString } from './env.js';
import { formatIssues } from './issues.js';
import { NO_MODEL_MESSAGE, createModel } from './model/index.js';
import { type ChatModel, ModelError } from './model/provider.js';
import { inputSchema, runPipeline, useCase } from './pipeline.js';

export interface ServerDeps {
  /** null: no model configured; the pipeline route answers 503 and /readyz says not ready. */
  model: ChatModel | null;
  auth: AuthHooks;
  connector?: Connector | null;
  /** Larger bodies are refused with 413 before they are parsed. */
  bodyLimitBytes?: number;
  logger?: FastifyServerOptions['logger'];
}

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
  });
  app.decorateRequest('principal', null);

  // Runs on onRequest, before the body is read: unauthenticated callers cannot make us parse anything.
  const guard = (action: Action, resource: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = await deps.auth.authenticate({ method: request.method, url: request.url, headers: request.headers });
    if (!principal) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'Missing or invalid credentials.' });
    }
    if (!(await deps.auth.authorize(principal, action, resource))) {
      request.log.warn({ principal: principal.id, action, resource }, 'forbidden');
      return reply.code(403).send({ error: 'forbidden', message: `Not allowed to ${action} on ${resource}.` });
    }
    request.principal = principal;
  };

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send({ error: 'internal_error', message: 'Something went wrong; see the service logs.' });
    }
    // Fastify's own 4xx (413 body too large, 415 media type, bad JSON) keep their status.
    return reply.code(status).send({ error: error.code ?? 'bad_request', message: error.message });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', { onRequest: guard('service:status', 'service') }, async (_request, reply) => {
    const checks: Record<string, string> = { model: deps.model ? 'ok' : 'not configured' };
    if (deps.connector) {
      checks.connector = await deps.connector
        .sample(1, systemPrincipal('readyz'))
        .then(() => 'ok')
        .catch((err: unknown) => `error: ${err instanceof Error ? err.message : String(err)}`);
    }
    const ready = Object.values(checks).every((value) => value === 'ok');
    return reply.code(ready ? 200 : 503).send({ ready, checks });
  });

  app.post(`/v1/${useCase}`, { onRequest: guard('pipeline:run', `use-case:${useCase}`) }, async (request, reply) => {
    const parsed = inputSchema.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({ error: 'invalid_input', issues: formatIssues(parsed.error) });
    }
    if (!deps.model) {
      return reply.code(503).send({ error: 'model_not_configured', message: NO_MODEL_MESSAGE });
    }
    try {
      const run = await runPipeline(parsed.data, deps.model);
      if (run.status === 'invalid') {
        // Bodies are not logged (they may hold personal data); the issues are enough to debug.
        request.log.warn({ issues: run.issues }, 'model answer failed validation');
        return reply.code(502).send({ error: 'invalid_model_output', issues: run.issues });
      }
      request.log.info({ principal: request.principal?.id, latencyMs: Math.round(run.latencyMs), usage: run.usage }, 'pipeline answered');
      return { useCase, output: run.output, review: 'pending' as const, model: deps.model.name };
    } catch (err) {
      if (!(err instanceof ModelError)) throw err;
      request.log.error({ err }, 'model unavailable');
      return reply.code(502).send({ error: 'model_unavailable', message: 'The model could not be reached; try again later.' });
    }
  });

  if (deps.connector) {
    const connector = deps.connector;
    app.addHook('onClose', async () => connector.close());
  }
  return app;
}

async function main(): Promise<void> {
  loadDotEnv();
  const env = process.env;
  const model = createModel(env);
  const auth = createAuth(env);
  const app = buildServer({
    model,
    auth,
    connector: createConnector(env),
    bodyLimitBytes: readNumber(env, 'PILOT_BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, { min: 1024 }),
    // The authorization header is redacted in case a serializer ever includes headers.
    logger: { level: readString(env, 'LOG_LEVEL') ?? 'info', redact: ['req.headers.authorization'] },
  });
  // Start anyway (healthz, 401s and 503s are still useful), but say what is missing.
  if (!model) app.log.warn(NO_MODEL_MESSAGE);
  if (!auth.describe().configured) app.log.warn(`auth: ${auth.describe().detail}`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1); // a second signal means "now"
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  await app.listen({
    port: readNumber(env, 'PORT', 3000, { min: 0, max: 65535 }),
    // Loopback by default; the Dockerfile sets HOST=0.0.0.0.
    host: readString(env, 'HOST') ?? '127.0.0.1',
  });
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
    console.error(err instanceof ConfigError ? `config: ${err.message}` : err);
    process.exit(1);
  });
}
