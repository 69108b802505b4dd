/**
 * POST /v1/<use-case>: the case's `input` shape in, the pipeline's output out, with
 * `review: "pending"`: the answer is a suggestion a person reviews (and corrects through
 * POST /v1/feedback). Bodies are never logged; the audit record keeps a hash.
 */
import type { FastifyInstance } from 'fastify';
import { formatIssues } from '../issues.js';
import { NO_MODEL_MESSAGE } from '../model/index.js';
import { type ChatModel, ModelError } from '../model/provider.js';
import { inputSchema, runPipeline, useCase } from '../../pipeline.js';
import { problem } from './errors.js';
import './request.js';

export function pipelineRoute(deps: { model: ChatModel | null }) {
  return async (app: FastifyInstance) => {
    app.post(`/v1/${useCase}`, { config: { action: 'pipeline:run', resource: `use-case:${useCase}` } }, async (request, reply) => {
      const parsed = inputSchema.safeParse(request.body);
      if (!parsed.success) {
        return problem(reply, 400, 'invalid_input', `The body does not match the ${useCase} input schema.`, formatIssues(parsed.error));
      }
      const model = deps.model;
      if (!model) return problem(reply, 503, 'model_not_configured', NO_MODEL_MESSAGE);
      const audit = request.audit;
      if (audit) audit.model = model.name;
      try {
        const run = await runPipeline(parsed.data, model);
        if (audit) audit.modelLatencyMs = Math.round(run.latencyMs);
        if (run.status === 'invalid') {
          request.log.warn({ issues: run.issues }, 'model answer failed validation');
          return problem(reply, 502, 'invalid_model_output', 'The model answered, but not in the expected shape.', run.issues);
        }
        request.log.info({ principal: request.principalRef, latencyMs: Math.round(run.latencyMs), usage: run.usage }, 'pipeline answered');
        if (audit) audit.outcome = 'ok';
        return { useCase, output: run.output, review: 'pending' as const, model: model.name, requestId: request.id };
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        request.log.error({ err }, 'model unavailable');
        return problem(reply, 502, 'model_unavailable', 'The model could not be reached; try again later.');
      }
    });
  };
}
