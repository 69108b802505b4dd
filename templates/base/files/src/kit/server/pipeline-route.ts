/**
 * POST /v1/<use-case>: the case's `input` shape in, the pipeline's output out, with
 * `review: "pending"`: the answer is a suggestion a person reviews (and corrects through
 * POST /v1/feedback). Bodies are never logged; the audit record keeps a hash.
 *
 * Every answer says who produced it: `"source": "model"`, or `"source": "baseline"` when the model
 * could not answer (not configured, unreachable, out of shape) and PILOT_FALLBACK=baseline lets the
 * current process answer instead, so a model outage is not an outage of the service.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { runBaseline } from '../../baseline/index.js';
import { inputSchema, runPipeline, useCase } from '../../pipeline.js';
import { formatIssues } from '../issues.js';
import { NO_MODEL_MESSAGE } from '../model/index.js';
import { type ChatModel, ModelError } from '../model/provider.js';
import type { Fallback } from './config.js';
import { problem } from './errors.js';
import './request.js';

export const FALLBACK_HINT = 'Or set PILOT_FALLBACK=baseline to answer with the baseline while the model cannot.';

type FallbackReason = 'model_not_configured' | 'model_unavailable' | 'invalid_model_output';

export function pipelineRoute(deps: { model: ChatModel | null; fallback: Fallback }) {
  const useBaseline = deps.fallback === 'baseline';

  /** The baseline's answer, in the same envelope as the model's. */
  function baselineAnswer(request: FastifyRequest, input: Parameters<typeof runBaseline>[0], reason: FallbackReason) {
    const output = runBaseline(input);
    const audit = request.audit;
    if (audit) {
      audit.source = 'baseline';
      audit.fallbackReason = reason;
      audit.outcome = 'ok';
    }
    request.log.warn({ fallbackReason: reason }, 'answered with the baseline (PILOT_FALLBACK=baseline)');
    return { useCase, output, review: 'pending' as const, source: 'baseline' as const, fallbackReason: reason, model: null, requestId: request.id };
  }

  /** The model could not answer: the baseline does, or the caller gets the error and what to set. */
  function cannotAnswer(request: FastifyRequest, reply: FastifyReply, input: Parameters<typeof runBaseline>[0], reason: FallbackReason, status: number, message: string, issues?: string[]) {
    if (useBaseline) return baselineAnswer(request, input, reason);
    return problem(reply, status, reason, `${message} ${FALLBACK_HINT}`, issues);
  }

  return async (app: FastifyInstance) => {
    app.post(`/v1/${useCase}`, { config: { action: 'pipeline:run', resource: `use-case:${useCase}` } }, async (request, reply) => {
      const parsed = inputSchema.safeParse(request.body);
      if (!parsed.success) {
        return problem(reply, 400, 'invalid_input', `The body does not match the ${useCase} input schema.`, formatIssues(parsed.error));
      }
      const input = parsed.data;
      const model = deps.model;
      if (!model) return cannotAnswer(request, reply, input, 'model_not_configured', 503, NO_MODEL_MESSAGE);
      const audit = request.audit;
      if (audit) audit.model = model.name;
      try {
        const run = await runPipeline(input, model);
        if (audit) audit.modelLatencyMs = Math.round(run.latencyMs);
        if (run.status === 'invalid') {
          request.log.warn({ issues: run.issues }, 'model answer failed validation');
          return cannotAnswer(request, reply, input, 'invalid_model_output', 502, 'The model answered, but not in the expected shape.', run.issues);
        }
        request.log.info({ principal: request.principalRef, latencyMs: Math.round(run.latencyMs), usage: run.usage }, 'pipeline answered');
        if (audit) {
          audit.outcome = 'ok';
          audit.source = 'model';
        }
        return { useCase, output: run.output, review: 'pending' as const, source: 'model' as const, model: model.name, requestId: request.id };
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        request.log.error({ err }, 'model unavailable');
        return cannotAnswer(request, reply, input, 'model_unavailable', 502, 'The model could not be reached; try again later.');
      }
    });
  };
}
