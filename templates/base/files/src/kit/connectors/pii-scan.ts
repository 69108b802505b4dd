/**
 * The scanners behind the default redaction rules (./redact.ts). Each walks the text forwards and
 * looks at every character a bounded number of times, so its cost is linear in the text whatever
 * the text holds: no backtracking regex, which a hostile input (`'a'.repeat(1e5) + '@'`) can make
 * quadratic. Each returns the spans to mask, in order and not overlapping.
 */
// biome-ignore-all lint/style/noNonNullAssertion: the scanners index within bounds their loops check; `!` says so to noUncheckedIndexedAccess without a branch per character.
import { getCountrySpecifications, isValidIBAN } from 'ibantools';

export interface Span {
  start: number;
  end: number;
  label: string;
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}\p{M}]$/u;

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** A letter, digit or combining mark in any script (what `[\p{L}\p{N}]` meant in the old regex). */
function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return isAsciiDigit(code) || isAsciiLetter(code);
  return LETTER_OR_NUMBER.test(text[i] ?? '');
}

function isLetter(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return isAsciiLetter(code);
  return /^\p{L}$/u.test(text[i] ?? '');
}

const LOCAL_EXTRA = new Set(['.', '_', '%', '+', '-']);
const isLocalChar = (text: string, i: number) => LOCAL_EXTRA.has(text[i] ?? '') || isWordChar(text, i);
const isDomainChar = (text: string, i: number) => text[i] === '.' || text[i] === '-' || isWordChar(text, i);

/**
 * Emails: a local part, '@', then a domain whose last label is two or more letters. From each '@'
 * the scan goes left over the local part and right over the domain; neither crosses another '@',
 * so each character is looked at at most twice in all.
 */
export function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0; // nothing before this is free to start a new match (it is in the last one)
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > from && isLocalChar(text, start - 1)) start--;
    if (start === at) continue;
    let runEnd = at + 1;
    while (runEnd < text.length && isDomainChar(text, runEnd)) runEnd++;
    // Greedy, as the regex was: the match ends after the last ".<2+ letters>" in the domain run.
    let end = -1;
    for (let i = at + 2; i < runEnd - 2; i++) {
      if (text[i] !== '.' || !isLetter(text, i + 1) || !isLetter(text, i + 2)) continue;
      let j = i + 3;
      while (j < runEnd && isLetter(text, j)) j++;
      end = j;
    }
    if (end === -1) continue;
    spans.push({ start, end, label: '[email]' });
    from = end;
    at = end - 1;
  }
  return spans;
}

/** IBAN length and account format per country code (ibantools' table); a code without one starts no IBAN. */
const IBAN_FORMAT = new Map(
  Object.entries(getCountrySpecifications()).flatMap(([country, spec]) => (spec.chars && spec.bban_regexp ? [[country, { length: spec.chars, bban: new RegExp(spec.bban_regexp) }] as const] : [])),
);

/** Where every IBAN starts: a quick native test (linear: no quantifier can backtrack far). */
const MAY_HOLD_IBAN = /[A-Za-z]{2}\d{2}/;

/** What people put between an IBAN's groups, up to MAX_IBAN_SEPARATOR of them in a row. */
const IBAN_SEPARATORS = new Set([' ', '-', '.']);
const MAX_IBAN_SEPARATOR = 3;

/**
 * IBANs, compact (`DE89370400440532013000`) or in groups of any size split by spaces, `-` or `.`
 * (`DE89 3704 0044 0532 0130 00`, `DE89-3704-...`, `DE893 70400 ...`, `DE89  3704 ...`): a country
 * code, two check digits, then letters and digits, as many as that country's IBANs have. A
 * candidate is masked only when ibantools accepts it (the country's format and the mod-97 check
 * digits), so codes that merely look like one stay readable. Each candidate reads at most 34
 * characters and their separators past its start.
 */
export function findIbans(text: string): Span[] {
  const spans: Span[] = [];
  // Most texts hold no two letters followed by two digits, so they skip the walk below.
  if (!MAY_HOLD_IBAN.test(text)) return spans;
  const code = (i: number) => text.charCodeAt(i);
  const isAlnum = (i: number) => i < text.length && (isAsciiDigit(code(i)) || isAsciiLetter(code(i)));
  for (let i = 0; i + 4 <= text.length; i++) {
    if (!(isAsciiDigit(code(i + 2)) && isAsciiDigit(code(i + 3)) && isAsciiLetter(code(i)) && isAsciiLetter(code(i + 1)))) continue;
    if (i > 0 && isWordChar(text, i - 1)) continue;
    const format = IBAN_FORMAT.get(text.slice(i, i + 2).toUpperCase());
    if (!format) continue;
    const length = format.length;
    let compact = '';
    let j = i;
    while (compact.length < length) {
      if (isAlnum(j)) {
        compact += text[j++];
        continue;
      }
      let k = j;
      while (k < text.length && k - j < MAX_IBAN_SEPARATOR && IBAN_SEPARATORS.has(text[k]!)) k++;
      if (k === j || !isAlnum(k)) break;
      j = k;
    }
    // It ends where its last group ends: not glued to a letter or digit after it.
    if (compact.length < length || (j < text.length && isWordChar(text, j))) continue;
    const iban = compact.toUpperCase();
    // The account format first: a cheap refusal for most look-alikes, before the checksum.
    if (!format.bban.test(iban.slice(4)) || !isValidIBAN(iban)) continue;
    spans.push({ start: i, end: j, label: '[iban]' });
    i = j - 1;
  }
  return spans;
}

/**
 * Between digit groups: what people and forms put inside card and phone numbers (the dashes NFKC
 * leaves alone included: figure dash, en dash, em dash, minus sign).
 */
const PHONE_SEPARATORS = new Set([' ', '.', '-', '(', ')', '/', '\u2012', '\u2013', '\u2014', '\u2212']);
/** Also inside card numbers (no-break spaces are spaces once NFKC-normalised), never in phones. */
const CARD_ONLY_SEPARATORS = new Set(['_', '\n', '\r', '\t']);
/** Separator characters in a row between two groups: room for a few padding spaces (`4111    1111`). */
const MAX_SEPARATOR = 8;

interface Group {
  start: number;
  end: number;
  digits: string;
  /** The separator before this group held a card-only character (a phone does not span it). */
  cardOnlyBefore: boolean;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d *= 2;
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * True when some run of whole groups holds 13 to 19 digits that pass the Luhn check. Prefix sums
 * make each window's checksum O(1): a digit is doubled when an odd number of digits follow it in
 * the window, so per parity of position the plain and the doubled values are summed once.
 */
function holdsCard(groups: Group[]): boolean {
  let total = 0;
  for (const group of groups) total += group.digits.length;
  if (total < 13) return false;
  // plain[p][k] / doubled[p][k]: sums over the first k digits at positions of parity p.
  const plain: [Int32Array, Int32Array] = [new Int32Array(total + 1), new Int32Array(total + 1)];
  const doubled: [Int32Array, Int32Array] = [new Int32Array(total + 1), new Int32Array(total + 1)];
  const parity = (n: number) => (n % 2) as 0 | 1;
  const groupStart: number[] = [];
  let k = 0;
  for (const group of groups) {
    groupStart.push(k);
    for (let c = 0; c < group.digits.length; c++, k++) {
      const d = group.digits.charCodeAt(c) - 48;
      const twice = d * 2 > 9 ? d * 2 - 9 : d * 2;
      const p = parity(k);
      const q = parity(k + 1);
      plain[p][k + 1] = plain[p][k]! + d;
      doubled[p][k + 1] = doubled[p][k]! + twice;
      plain[q][k + 1] = plain[q][k]!;
      doubled[q][k + 1] = doubled[q][k]!;
    }
  }
  groupStart.push(total);
  for (let first = 0; first < groups.length; first++) {
    const start = groupStart[first]!;
    for (let last = first; last < groups.length; last++) {
      const end = groupStart[last + 1]!; // exclusive
      const length = end - start;
      if (length > 19) break;
      if (length < 13) continue;
      const p = parity(end - 1); // the last digit's parity: digits of that parity are not doubled
      const q = parity(end);
      const sum = plain[p][end]! - plain[p][start]! + doubled[q][end]! - doubled[q][start]!;
      if (sum % 10 === 0) return true;
    }
  }
  return false;
}

/**
 * What every masked chain holds: 7 digits, each pair apart by at most MAX_SEPARATOR characters
 * (a phone needs 7 with a `+`, 9 without; a card 13). \D and \d never overlap, so the test is
 * linear in the text.
 */
const MAY_HOLD_NUMBER = new RegExp(`\\d(?:\\D{0,${MAX_SEPARATOR}}\\d){6}`);

/**
 * Card and phone numbers: chains of digit groups joined by short separators. A chain holding a
 * Luhn-valid card number (13 to 19 digits, any of the separators) is masked whole as `[card]`, so
 * no digits of the card are left beside the mask. Otherwise each stretch of it joined by phone
 * separators only is a phone when it holds 9+ digits, or starts with `+` and holds 7+: dates
 * (2024-03-12), amounts and versions stay readable. Each chain is walked once and each card window
 * holds at most 19 digits, so the work per character is bounded.
 */
export function findNumbers(text: string): Span[] {
  const spans: Span[] = [];
  // Most texts hold no seven digits close together, the fewest a phone has: they skip the walk.
  if (!MAY_HOLD_NUMBER.test(text)) return spans;
  let i = 0;
  while (i < text.length) {
    if (!isAsciiDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const chainStart = i;
    const groups: Group[] = [];
    let cardOnlyBefore = false;
    for (;;) {
      const start = i;
      while (i < text.length && isAsciiDigit(text.charCodeAt(i))) i++;
      groups.push({ start, end: i, digits: text.slice(start, i), cardOnlyBefore });
      let j = i;
      cardOnlyBefore = false;
      while (j < text.length && j - i < MAX_SEPARATOR && (PHONE_SEPARATORS.has(text[j]!) || CARD_ONLY_SEPARATORS.has(text[j]!))) {
        if (CARD_ONLY_SEPARATORS.has(text[j]!)) cardOnlyBefore = true;
        j++;
      }
      if (j === i || j >= text.length || !isAsciiDigit(text.charCodeAt(j))) break;
      i = j;
    }
    const prefix = numberPrefix(text, chainStart);
    if (holdsCard(groups)) {
      spans.push({ start: chainStart - prefix.length, end: groups.at(-1)!.end, label: '[card]' });
      continue;
    }
    // A phone is not glued to a word before it (order ID12345678901 stays).
    if (prefix.wordBefore) continue;
    let first = 0;
    for (let k = 1; k <= groups.length; k++) {
      if (k < groups.length && !groups[k]!.cardOnlyBefore) continue;
      const stretch = groups.slice(first, k);
      const digits = stretch.reduce((n, g) => n + g.digits.length, 0);
      const plus = first === 0 && prefix.plus;
      if (digits >= 9 || (plus && digits >= 7)) {
        spans.push({ start: first === 0 ? chainStart - prefix.length : stretch[0]!.start, end: stretch.at(-1)!.end, label: '[phone]' });
      }
      first = k;
    }
  }
  return spans;
}

/** The `+` and `(` just before a chain's first digit (part of the number), and what precedes them. */
function numberPrefix(text: string, digitAt: number): { length: number; plus: boolean; wordBefore: boolean } {
  let start = digitAt;
  while (start > 0 && digitAt - start < 2 && (text[start - 1] === '+' || text[start - 1] === '(')) start--;
  const wordBefore = start > 0 && (isWordChar(text, start - 1) || text[start - 1] === '_' || text[start - 1] === '+');
  return { length: digitAt - start, plus: text.slice(start, digitAt).includes('+'), wordBefore };
}

/**
 * Tokens people paste: API keys by their vendors' prefixes (OpenAI `sk-` and `sk-proj-`, Stripe-style
 * `sk_` / `pk_` / `rk_` (this kit's own API keys are `pk_...`), GitHub `ghp_` / `gho_` / `ghu_` /
 * `ghs_` / `ghr_` / `github_pat_`, Slack `xox?-`, GitLab `glpat-`) with 16 or more key characters,
 * JWTs (`eyJ...` header, payload and signature), and the credential after `Bearer ` (8+ characters with
 * a digit or a symbol, or 24+ letters: not the word in "a bearer instrument"). Each starts at a
 * word boundary; the whole token is masked. After a candidate, the scan resumes past everything it
 * read, so each character is read a bounded number of times.
 */
const TOKEN_PREFIXES = ['sk-', 'sk_', 'pk_', 'rk_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'xoxa-', 'xoxb-', 'xoxp-', 'xoxr-', 'xoxs-', 'glpat-'];
const TOKEN_FIRST_LETTERS = new Set(TOKEN_PREFIXES.map((prefix) => prefix[0]));
const MIN_KEY_CHARS = 16;
/** JWT segments and key bodies: base64url. */
const isKeyChar = (code: number) => isAsciiDigit(code) || isAsciiLetter(code) || code === 45 || code === 95; // - _
/** What may follow `Bearer `: RFC 6750's token68 characters. */
const isBearerChar = (code: number) => isKeyChar(code) || code === 46 || code === 126 || code === 43 || code === 47 || code === 61; // . ~ + / =

export function findTokens(text: string): Span[] {
  const spans: Span[] = [];
  const run = (from: number, accept: (code: number) => boolean) => {
    let j = from;
    while (j < text.length && accept(text.charCodeAt(j))) j++;
    return j;
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    // A token starts at a letter with no key character before it.
    if (!isAsciiLetter(code) || (i > 0 && isKeyChar(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    const end = tokenEnd(text, i, run);
    if (end.masked) {
      spans.push({ start: end.start, end: end.end, label: '[token]' });
    }
    i = Math.max(i + 1, end.end);
  }
  return spans;
}

/** The token starting at `i`, if any: where its masked part starts and ends; else how far the scan read. */
function tokenEnd(text: string, i: number, run: (from: number, accept: (code: number) => boolean) => number): { masked: boolean; start: number; end: number } {
  const first = text[i]!;
  if (first === 'e' && text.startsWith('eyJ', i)) {
    // header.payload.signature, the first two at least 10 characters each (`eyJhbGciOi...`).
    const headerEnd = run(i, isKeyChar);
    if (headerEnd - i >= 10 && text[headerEnd] === '.') {
      const payloadEnd = run(headerEnd + 1, isKeyChar);
      if (payloadEnd - headerEnd - 1 >= 10 && text[payloadEnd] === '.') return { masked: true, start: i, end: run(payloadEnd + 1, isKeyChar) };
      return { masked: false, start: i, end: payloadEnd };
    }
    return { masked: false, start: i, end: headerEnd };
  }
  if ((first === 'B' || first === 'b') && text.slice(i, i + 6).toLowerCase() === 'bearer') {
    let j = i + 6;
    if (j < text.length && text[j] !== ' ' && text[j] !== '\t') return { masked: false, start: i, end: run(i, isKeyChar) };
    while (j < text.length && j - i < 10 && (text[j] === ' ' || text[j] === '\t')) j++;
    const end = run(j, isBearerChar);
    // A credential, not prose ("the bearer instrument"): 8+ characters with a digit or a symbol, or 24+ letters.
    const length = end - j;
    const masked = length >= 24 || (length >= 8 && !/^[A-Za-z]+$/.test(text.slice(j, end)));
    return { masked, start: j, end: masked ? end : j };
  }
  if (TOKEN_FIRST_LETTERS.has(first)) {
    for (const prefix of TOKEN_PREFIXES) {
      if (!text.startsWith(prefix, i)) continue;
      const end = run(i + prefix.length, isKeyChar);
      return { masked: end - i - prefix.length >= MIN_KEY_CHARS, start: i, end };
    }
  }
  return { masked: false, start: i, end: run(i, isKeyChar) };
}
