/**
 * POST /v1/feedback: a reviewer's correction becomes a candidate eval case. It is appended to
 * PILOT_FEEDBACK_FILE (default evals/candidates/feedback.jsonl), outside evals/cases on purpose:
 * the owning team reviews candidates and moves the good ones into evals/cases, so the locked
 * eval set only changes through a reviewed commit.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { redact, redactValue } from '../connectors/connector.js';
import { expectedSchema } from '../../score.js';
import { formatIssues } from '../issues.js';
import { inputSchema, useCase } from '../../pipeline.js';
import { problem } from './errors.js';
import './request.js';

/** The ids the service gives its answers (randomUUID in ./app.ts): nothing else can name one. */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const feedbackSchema = z.strictObject({
  /** The input the pipeline was given, as sent to POST /v1/<use-case>. */
  input: inputSchema,
  /** The correct answer, in the shape of an eval case's `expected`. */
  expected: expectedSchema,
  /** The requestId of the answer being corrected, to find its audit record. */
  requestId: z.string().regex(REQUEST_ID, 'requestId is the requestId a /v1 answer returned (a UUID)').optional(),
  comment: z.string().min(1).max(1000).optional(),
  tags: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'tags are lower-case words like edge or regression'))
    .max(10)
    .optional(),
});

export type Feedback = z.infer<typeof feedbackSchema>;

/**
 * The candidate eval case, shaped like one so it can be moved into evals/cases as is. Everything a
 * person typed is redacted (the input, the expected answer, the comment and the tags): candidates
 * are read by people and committed.
 */
export function candidateCase(feedback: Feedback, id: string, day: string, reviewer: string | null) {
  const { input, expected, requestId, comment, tags = [] } = feedback;
  return {
    id,
    input: redactValue(input),
    expected: redactValue(expected),
    tags: [...new Set(['feedback', ...tags.map((tag) => redact(tag))])],
    source: `reviewer feedback from ${reviewer ?? 'unknown'} on ${day}${requestId ? `, request ${requestId}` : ''}`,
    criteria: [comment ? redact(comment) : "matches the reviewer's correction"],
  };
}

export function feedbackRoute(deps: { feedbackFile: string }) {
  return async (app: FastifyInstance) => {
    app.post('/v1/feedback', { config: { action: 'feedback:submit', resource: `use-case:${useCase}` } }, async (request, reply) => {
      const parsed = feedbackSchema.safeParse(request.body);
      if (!parsed.success) {
        return problem(reply, 400, 'invalid_feedback', 'The body must be {input, expected, requestId?, comment?, tags?}.', formatIssues(parsed.error));
      }
      const day = new Date().toISOString().slice(0, 10);
      const id = `fb-${day}-${randomUUID().slice(0, 8)}`;
      const candidate = candidateCase(parsed.data, id, day, request.principalRef);
      await mkdir(dirname(deps.feedbackFile), { recursive: true });
      await appendFile(deps.feedbackFile, `${JSON.stringify(candidate)}\n`, 'utf8');
      if (request.audit) request.audit.outcome = 'ok';
      return reply.code(201).send({ id, status: 'candidate', message: 'Saved as a candidate eval case; the owning team reviews it before it joins evals/cases.' });
    });
  };
}
