/**
 * The JSON body parser: Fastify's own (prototype-poisoning checks included), plus a bound on how
 * deeply the body nests. A 40 kB body can nest 20,000 levels (`[[[[...]]]]`); JSON.parse takes it,
 * but everything after it that walks a value recursively (the input hash in the audit record, the
 * schema, the redaction of feedback) would overflow the stack and answer 500 with no audit line.
 * So the depth is checked right after parsing, without recursion, and a deeper body never reaches
 * a route: it is a 400 `invalid_input` like any other body outside the schema.
 */
import type { FastifyInstance } from 'fastify';

/** No use case's input or `expected` comes near this; a body deeper than it is not one of ours. */
export const MAX_JSON_DEPTH = 64;

/** Thrown by the parser; the error handler answers with its code and message (./errors.ts). */
export class BodyTooDeepError extends Error {
  readonly statusCode = 400;
  readonly code = 'INVALID_INPUT';
  constructor(maxDepth: number) {
    super(`The body nests objects or arrays more than ${maxDepth} levels deep.`);
    this.name = 'BodyTooDeepError';
  }
}

/**
 * True when `value` holds an object or array more than `maxDepth` levels down (a scalar is depth
 * 0, `[]` depth 1). An explicit stack instead of recursion: each value is visited once.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<[object, number]> = [[value, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [container, depth] = next;
    if (depth > maxDepth) return true;
    for (const item of Array.isArray(container) ? container : Object.values(container)) {
      if (item !== null && typeof item === 'object') stack.push([item, depth + 1]);
    }
  }
  return false;
}

/** Replaces the application/json parser with Fastify's default one followed by the depth check. */
export function useDepthBoundJsonParser(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'error'); // Fastify's defaults for __proto__ and constructor.prototype
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body.toString(), (err, value) => {
      if (err) return done(err, undefined);
      if (nestsDeeperThan(value, maxDepth)) return done(new BodyTooDeepError(maxDepth), undefined);
      done(null, value);
    });
  });
}
