import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCases } from '../../src/kit/evals/cases.js';
import { buildServer } from '../../src/kit/server.js';
import { type Feedback, candidateCase } from '../../src/kit/server/feedback-route.js';
import { validInput } from '../fixtures/use-case.js';
import { exampleExpected } from './helpers/example-expected.js';
import { fakeAuth, good, person } from './helpers/fake-auth.js';
import { tempDir } from './helpers/temp-dir.js';

let app: ReturnType<typeof buildServer> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('POST /v1/feedback', () => {
  const expected = exampleExpected();
  const file = join(tempDir('feedback'), 'candidates', 'feedback.jsonl');
  const requestId = '0b6f1f7e-3c1a-4d2b-9e8f-5a6b7c8d9e0f';

  it('appends a redacted candidate eval case that the eval runner can read', async () => {
    app = buildServer({ model: null, auth: fakeAuth, feedbackFile: file });
    const input = Object.fromEntries(Object.entries(validInput).map(([k, v]) => [k, typeof v === 'string' ? `${v} (reach me at jo@example.com)` : v]));
    const res = await app.inject({
      method: 'POST',
      url: '/v1/feedback',
      headers: good,
      payload: { input, expected, requestId, comment: 'Should have been caught; call +1 415 555 0134', tags: ['regression'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'candidate', id: expect.stringMatching(/^fb-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/) });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('jo@example.com');
    expect(text).not.toContain('415 555');
    const { cases, errors } = parseCases(file, text);
    expect(errors).toEqual([]);
    expect(cases[0]).toMatchObject({ id: res.json().id, expected, tags: ['feedback', 'regression'], source: expect.stringMatching(new RegExp(`test:good.*request ${requestId}`)) });
  });

  it('redacts the expected answer and the tags as it does the input', () => {
    // Any use case's expected may hold free text; this one is made up to carry every kind.
    const feedback = {
      input: validInput,
      expected: { note: 'reach jo@example.com', card: '4111 1111 1111 1111', iban: 'DE89 3704 0044 0532 0130 00', nested: ['+44 20 7946 0958'] },
      tags: ['4111111111111111', '555-123-4567', 'edge'],
    } as unknown as Feedback;
    const candidate = candidateCase(feedback, 'fb-1', '2026-01-02', 'test:good');
    expect(candidate.expected).toEqual({ note: 'reach [email]', card: '[card]', iban: '[iban]', nested: ['[phone]'] });
    expect(candidate.tags).toEqual(['feedback', '[card]', '[phone]', 'edge']);
  });

  it('stores no card number, phone or API key given as a tag, and takes as requestId only an id the service issues', async () => {
    const apiKey = `pk_${'a1'.repeat(18)}`; // the api-key layer's keys are pk_ and 43 characters; this one fits the tag pattern
    app = buildServer({ model: null, auth: fakeAuth, feedbackFile: file });
    const tagged = await app.inject({ method: 'POST', url: '/v1/feedback', headers: good, payload: { input: validInput, expected, tags: ['4111111111111111', '555-123-4567', apiKey] } });
    expect(tagged.statusCode).toBe(201);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain('4111111111111111');
    expect(stored).not.toContain('555-123-4567');
    expect(stored).not.toContain(apiKey);
    for (const given of ['4111111111111111', '555-123-4567', 'req-42']) {
      const res = await app.inject({ method: 'POST', url: '/v1/feedback', headers: good, payload: { input: validInput, expected, requestId: given } });
      expect(res.statusCode, given).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_feedback', issues: ['requestId: requestId is the requestId a /v1 answer returned (a UUID)'] });
    }
    expect(readFileSync(file, 'utf8')).toBe(stored);
  });

  it("names a person in the candidate's source by a keyed hash, not by their email", async () => {
    app = buildServer({ model: null, auth: fakeAuth, feedbackFile: file });
    const res = await app.inject({ method: 'POST', url: '/v1/feedback', headers: person, payload: { input: validInput, expected } });
    expect(res.statusCode).toBe(201);
    const line = readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(line).source).toMatch(/^reviewer feedback from gateway:#[0-9a-f]{24} on /);
    expect(line).not.toContain('jane.doe');
  });

  it('answers 400 naming what is wrong, and 403 without the feedback action', async () => {
    app = buildServer({ model: null, auth: fakeAuth, feedbackFile: file });
    const bad = await app.inject({ method: 'POST', url: '/v1/feedback', headers: good, payload: { input: validInput } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_feedback', issues: [expect.stringMatching(/^expected/)] });
    const denied = await app.inject({ method: 'POST', url: '/v1/feedback', headers: { authorization: 'Bearer readonly' }, payload: { input: validInput, expected } });
    expect(denied.statusCode).toBe(403);
  });
});
