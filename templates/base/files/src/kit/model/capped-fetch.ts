/**
 * A fetch for the openai SDK that stops reading a response body past `maxBytes`. The SDK reads a
 * whole body into memory before parsing it; four 60 MB answers took an eval run to 750 MB. Past the
 * cap the body stream errors with ResponseTooLargeError (the socket is released) and the client
 * (./openai.ts) reports the answer as oversized, which the eval counts as invalid.
 *
 * The error surfaces while the SDK reads the body, after its retry decision: an oversized answer is
 * not asked again. A declared Content-Length over the cap fails the same way without reading at all.
 */

export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`response body over the ${maxBytes}-byte cap`);
  }
}

/** True for the cap's error, however the SDK wrapped it (as `cause`). */
export function isResponseTooLarge(err: unknown): err is ResponseTooLargeError {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ResponseTooLargeError) return true;
  }
  return false;
}

/** Statuses whose responses have no body: passed through untouched (`new Response` refuses a body for them). */
const NO_BODY = new Set([101, 204, 205, 304]);

function capBody(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let read = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        // Erroring the transform cancels the source: the rest of the body is never downloaded.
        if (read > maxBytes) controller.error(new ResponseTooLargeError(maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
}

function failedBody(maxBytes: number): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.error(new ResponseTooLargeError(maxBytes)) });
}

export function cappedFetch(maxBytes: number, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.body || NO_BODY.has(response.status)) return response;
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    let body: ReadableStream<Uint8Array>;
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      body = failedBody(maxBytes);
    } else {
      body = capBody(response.body, maxBytes);
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
