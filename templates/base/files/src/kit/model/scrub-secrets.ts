/**
 * Secrets out of provider text. An API's error body may echo the request's headers (a 401 that
 * quotes `Authorization: Bearer sk-...`), and whatever the model client keeps of it reaches the
 * console, every report and the cache. Everything the provider returns goes through `scrubSecrets`
 * first: the configured key, bearer tokens and strings shaped like well-known keys become [secret].
 *
 * Personal data is another concern with its own rules (../connectors/redact.ts); this file only
 * shares its Unicode normalisation, so a key split by a zero-width space is still caught. Like those
 * rules, each pattern is linear: one bounded or single unbounded run per token, anchored by `\b`.
 */
import { normaliseForRedaction } from '../connectors/redact.js';

export const SECRET_MASK = '[secret]';

/** How much of a provider's error text is kept: enough to tell what went wrong, not a whole page. */
export const MAX_PROVIDER_TEXT = 300;

const KEY_SHAPES: readonly RegExp[] = [
  // "Bearer <token>" as an Authorization header echoes it, whatever the token looks like.
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // OpenAI and look-alikes: sk-..., sk-proj-..., sk-ant-...; Stripe-style sk_live_..., pk_test_..., rk_...
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\b(?:sk|pk|rk)_[A-Za-z0-9_]{16,}/g,
  // GitHub tokens: ghp_, gho_, ghu_, ghs_, ghr_, and fine-grained github_pat_.
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  // JWTs: three base64url parts, the first two starting with eyJ ('{"').
  /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with `known` secrets (the configured API key; values under 8 characters are ignored, they
 * would mask ordinary words) and key-shaped strings replaced by [secret].
 */
export function scrubSecrets(text: string, known: ReadonlyArray<string | undefined> = []): string {
  const normalised = normaliseForRedaction(text);
  let out = normalised;
  for (const secret of known) {
    if (secret && secret.length >= 8) out = out.replace(new RegExp(escapeRegExp(secret), 'g'), SECRET_MASK);
  }
  for (const shape of KEY_SHAPES) out = out.replace(shape, (match) => (/^bearer/i.test(match) ? `Bearer ${SECRET_MASK}` : SECRET_MASK));
  // Nothing masked: the text as it came (an answer is not re-normalised behind the scorer's back).
  return out === normalised ? text : out;
}

/** Scrubbed, then cut to MAX_PROVIDER_TEXT characters: what an error message may keep of a provider's text. */
export function providerText(text: string, known: ReadonlyArray<string | undefined> = []): string {
  const clean = scrubSecrets(text, known);
  return clean.length > MAX_PROVIDER_TEXT ? `${clean.slice(0, MAX_PROVIDER_TEXT)}…` : clean;
}
