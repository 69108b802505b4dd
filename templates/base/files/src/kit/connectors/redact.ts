/**
 * The redaction hook: every text the pilot sends to a model, writes to an eval case or stores as
 * feedback goes through `redact()`, so one list of rules covers all of them.
 *
 * The text is Unicode-normalised before any rule looks at it (NFKC, then zero-width, soft-hyphen
 * and bidi-control characters removed): `ｊａｎｅ＠example.com`, full-width digits and an email
 * split by a zero-width space are then plain ASCII the rules catch. When no rule masks anything
 * the original text is returned untouched; when one does, the normalised text is returned.
 *
 * The default rules are scanners (./pii-scan.ts), linear in the text by construction. A rule added
 * with a regex must keep that property: bounded quantifiers (`\d{6}`, `[a-z]{1,40}`), anchored by a
 * lookbehind or `\b`, never nested or adjacent unbounded ones (`(a+)+`, `\w+@\w+`).
 */
import { type Span, findEmails, findIbans, findNumbers, findTokens } from './pii-scan.js';

export type { Span } from './pii-scan.js';

/** A masking rule built on a regex: each match is replaced by `replace(match)`. */
export interface PatternRedaction {
  name: string;
  pattern: RegExp;
  /** The replacement; returning the match unchanged keeps it (a rule may decide per match). */
  replace: (match: string) => string;
  /** Optional quick test, false only when the rule cannot change `text`: skips the pattern. */
  mayChange?: (text: string) => boolean;
}

/** A masking rule built on a scanner: the spans to replace by their labels, in order, not overlapping. */
export interface ScannerRedaction {
  name: string;
  find: (text: string) => Span[];
}

export type Redaction = PatternRedaction | ScannerRedaction;

/**
 * The default rules, applied in order: tokens first (API keys, JWTs and bearer tokens hold digits
 * and look like words), then emails (they may hold digits), IBANs before the digit chains they
 * contain. Add the source's own identifiers here (national ids, customer numbers...).
 */
export const redactions: Redaction[] = [
  { name: 'token', find: findTokens },
  { name: 'email', find: findEmails },
  { name: 'iban', find: findIbans },
  // Cards (Luhn-checked) and phones share one scanner: both are chains of digit groups.
  { name: 'card-or-phone', find: findNumbers },
];

/**
 * Characters that render as nothing (or only steer direction) and can hide a match from a rule:
 * zero-width and bidi controls, variation selectors and the tag characters (U+E0000-E007F).
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists single invisible code points on purpose, combining ones included.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFE00-\uFE0F\uFEFF\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: "all of ASCII" includes the control characters.
const ASCII = /^[\x00-\x7F]*$/;

/** NFKC with invisible characters removed; ASCII text is already in that form and is returned as is. */
export function normaliseForRedaction(text: string): string {
  return ASCII.test(text) ? text : text.normalize('NFKC').replace(INVISIBLE, '');
}

function maskSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + span.label;
    at = span.end;
  }
  return out + text.slice(at);
}

function applyRule(rule: Redaction, text: string): string {
  if ('find' in rule) return maskSpans(text, rule.find(text));
  if (rule.mayChange && !rule.mayChange(text)) return text;
  return text.replace(rule.pattern, rule.replace);
}

/** Masks API tokens, emails, IBANs, card numbers and phone numbers (plus any rule added to `redactions`). */
export function redact(text: string): string {
  const normalised = normaliseForRedaction(text);
  let out = normalised;
  for (const rule of redactions) out = applyRule(rule, out);
  return out === normalised ? text : out;
}

/** `redact` applied to every string inside a JSON value (objects and arrays are copied). */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item)])) as T;
  }
  return value;
}
