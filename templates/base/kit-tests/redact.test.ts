import fc from 'fast-check';
import { composeIBAN, isValidIBAN } from 'ibantools';
import { describe, expect, it } from 'vitest';
import { redact, redactValue, redactions } from '../../src/kit/connectors/connector.js';
import { luhnValid } from '../../src/kit/connectors/pii-scan.js';

describe('redact', () => {
  it('masks email addresses', () => {
    expect(redact('write to jane.doe+billing@example.co.uk today')).toBe('write to [email] today');
    expect(redact('Müller <jürgen.müller@beispiel.de>')).toBe('Müller <[email]>');
    expect(redact('x@y.io')).toBe('[email]');
  });

  it('masks emails hidden by a zero-width space, a soft hyphen or a full-width ＠', () => {
    expect(redact('mail jane\u200B@example.com now')).toBe('mail [email] now');
    expect(redact('mail ja\u00ADne.doe@exam\u00ADple.com')).toBe('mail [email]');
    expect(redact('mail jane＠example.com')).toBe('mail [email]');
    expect(redact('ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('[email]');
  });

  it('masks Luhn-valid card numbers, compact or grouped by spaces, no-break spaces, -, /, _ or a newline', () => {
    expect(redact('card 4111 1111 1111 1111 exp 12/29')).toBe('card [card] exp 12/29');
    expect(redact('pan=5500-0000-0000-0004.')).toBe('pan=[card].');
    expect(redact('pan 4222222222222')).toBe('pan [card]'); // 13 digits
    for (const separator of ['\u00A0', '\u202F', '/', '_', '\n', '\r\n', ' - ']) {
      expect(redact(`card 4111${separator}1111${separator}1111${separator}1111 ok`), JSON.stringify(separator)).toBe('card [card] ok');
    }
    expect(redact('card ４１１１ １１１１ １１１１ １１１１')).toBe('card [card]');
  });

  it('still masks a mistyped card number, as a phone: nothing with that many digits gets through', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(redact('typo 4111111111111112')).toBe('typo [phone]');
  });

  it('masks phone numbers in common formats, full-width digits and no-break spaces included', () => {
    expect(redact('call +1 415 555 0134 now')).toBe('call [phone] now');
    expect(redact('tel: (555) 010-9999')).toBe('tel: [phone]');
    expect(redact('mobile 07700 900123.')).toBe('mobile [phone].');
    expect(redact('+44 20 7946 0958')).toBe('[phone]');
    expect(redact('+44\u00A020\u00A07946\u00A00958')).toBe('[phone]');
    expect(redact('ruf an: ＋４９ ３０ １２３４５６７')).toBe('ruf an: [phone]');
    expect(redact('call +12 34 567')).toBe('call [phone]'); // + and 7 digits
    expect(redact('call +12 34 56')).toBe('call +12 34 56'); // + and 6
  });

  it('masks IBANs, compact or grouped, only when their mod-97 check digits hold', () => {
    expect(redact('pay to DE89370400440532013000 today')).toBe('pay to [iban] today');
    expect(redact('pay to DE89 3704 0044 0532 0130 00 today')).toBe('pay to [iban] today');
    expect(redact('iban: GB82WEST12345698765432.')).toBe('iban: [iban].');
    expect(redact('iban de89 3704 0044 0532 0130 00')).toBe('iban [iban]');
    // A wrong check digit is not an IBAN (and 20 digits glued to letters are neither a card nor a phone).
    expect(redact('DE89370400440532013001')).toBe('DE89370400440532013001');
    expect(redact('SKU AB12 3456')).toBe('SKU AB12 3456');
  });

  it('masks the forms that used to slip through: IBANs split by - . or double spaces or in fives, phones with / or an en dash, cards padded with spaces, a tag character inside an email', () => {
    for (const iban of ['DE89-3704-0044-0532-0130-00', 'DE89.3704.0044.0532.0130.00', 'DE89  3704  0044  0532  0130  00', 'DE893 70400 44053 20130 00']) {
      expect(redact(`iban ${iban}.`), iban).toBe('iban [iban].');
    }
    expect(redact('call 555/123/4567 now')).toBe('call [phone] now');
    expect(redact('call 555\u2013123\u20134567 now')).toBe('call [phone] now');
    expect(redact('card 4111    1111     1111    1111 ok')).toBe('card [card] ok');
    expect(redact('mail jane\u{E0041}@example.com')).toBe('mail [email]');
    expect(redact('mail ja\u{E0041}ne@exa\u{E0041}mple.com')).toBe('mail [email]');
  });

  it('masks API tokens, JWTs and bearer credentials, whole', () => {
    const tokens = [
      'sk-abcdefghijklmnopqrstuvwxyz123456',
      'sk-proj-AbC123_dEf456-ghI789jkl012MNO345pqr',
      'pk_QWErty1234567890asdfghZXCVBN_-qwe', // this kit's own API keys
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcDEF123_-xyz',
    ];
    for (const token of tokens) expect(redact(`key=${token} ok`), token).toBe('key=[token] ok');
    expect(redact('Authorization: Bearer abc.def-ghi_jkl')).toBe('Authorization: Bearer [token]');
    expect(redact('authorization: bearer 0123456789abcdef, retry')).toBe('authorization: bearer [token], retry');
    // Prose and short look-alikes stay.
    for (const text of ['the bearer instrument', 'a task-management-dashboard', 'sk-learn', 'pk_id', 'eyJ.short']) expect(redact(text)).toBe(text);
  });

  it('leaves dates, amounts, versions, short ids and plain text untouched', () => {
    const text = 'On 2024-03-12 we billed $1,204.50 for order 48213 on iOS 18.1 (ticket #7731), exp 12/29, ID12345678901';
    expect(redact(text)).toBe(text);
    // Non-ASCII text without anything to mask comes back as it was, not NFKC-normalised.
    const unicode = 'ﬁle ｆｕｌｌ width\u200B and e\u0301';
    expect(redact(unicode)).toBe(unicode);
  });

  it('finishes on the inputs that made the old patterns backtrack', () => {
    // The old email regex took 18 s on this one; the scanners look at each character a bounded number of times.
    const many = 'a'.repeat(100_000);
    expect(redact(`${many}@`)).toBe(`${many}@`);
    expect(redact(`${'1 '.repeat(50_000)}x`)).toBe('[phone] x'); // no run of 13 to 19 ones is Luhn-valid
    expect(redact('a@'.repeat(50_000))).toBe('a@'.repeat(50_000));
  });
});

describe('redaction finds nothing to leave behind (property-based)', () => {
  const fullWidth = (s: string) => s.replace(/[0-9@+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

  const luhnCard = fc.integer({ min: 13, max: 19 }).chain((length) =>
    digits(length - 1, length - 1).map((body) => {
      const check = [...'0123456789'].find((d) => luhnValid(body + d))!;
      return body + check;
    }),
  );
  const card = fc.tuple(luhnCard, fc.constantFrom('', ' ', '\u00A0', '-', '/', '_', '\n'), fc.boolean()).map(([number, separator, wide]) => {
    const grouped = number.match(/.{1,4}/g)!.join(separator);
    return wide ? fullWidth(grouped) : grouped;
  });
  const phone = fc.tuple(digits(1, 3), fc.array(digits(2, 4), { minLength: 3, maxLength: 4 }), fc.constantFrom(' ', '\u00A0', '-', '.'), fc.boolean()).map(([country, groups, separator, wide]) => {
    const text = `+${country}${separator}${groups.join(separator)}`;
    return wide ? fullWidth(text) : text;
  });
  const word = (chars: string, min: number, max: number) => fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((c) => c.join(''));
  const email = fc
    .tuple(word('abcxyz._+-', 1, 12), word('abcxyz0123456789', 1, 10), word('comnetorgio', 2, 5), fc.constantFrom('', '\u200B', '\u00AD', '\u2060'), fc.boolean())
    .filter(([local]) => /^[a-z]/.test(local))
    .map(([local, domain, tld, invisible, wideAt]) => {
      const middle = Math.floor(local.length / 2);
      return `${local.slice(0, middle)}${invisible}${local.slice(middle)}${wideAt ? '＠' : '@'}${domain}.${invisible}${tld}`;
    });
  const iban = fc
    .tuple(fc.constantFrom('DE', 'GB', 'AT', 'NL', 'CH'), digits(18, 18), fc.boolean())
    .map(([country, pool, spaced]) => {
      const bban = { DE: pool, GB: `WEST${pool.slice(0, 14)}`, AT: pool.slice(0, 16), NL: `ABNA${pool.slice(0, 10)}`, CH: pool.slice(0, 17) }[country]!;
      const composed = composeIBAN({ countryCode: country, bban });
      return composed ? (spaced ? composed.match(/.{1,4}/g)!.join(' ') : composed) : null;
    })
    .filter((value): value is string => value !== null);
  // Noise holds no digits and no @, so anything of either left in the output is a leak.
  const noise = word('abcdefghij KLMNOP äéßøЖж,;:!?()', 1, 12).filter((w) => w.trim().length > 0);

  it('masks every email, phone, card and IBAN embedded in noise', () => {
    const secret = fc.oneof(card, phone, email, iban);
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, secret), { minLength: 1, maxLength: 8 }), noise, (parts, tail) => {
        const text = `${parts.map(([before, value]) => `${before} ${value} `).join('')}${tail}`;
        const out = redact(text).normalize('NFKC');
        expect(out, JSON.stringify(text)).not.toMatch(/[0-9@]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('nothing that looks like personal data or a secret survives, whatever its spelling (property-based)', () => {
  const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
  const word = (chars: string, min: number, max: number) => fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((c) => c.join(''));
  /** Digits (and @, +) spelt as look-alikes NFKC folds back: full-width, mathematical bold. */
  const lookAlike = fc.constantFrom(
    (s: string) => s,
    (s: string) => s.replace(/[0-9@+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    (s: string) => s.replace(/[0-9]/g, (c) => String.fromCodePoint(0x1d7ce + Number(c))),
  );
  const invisible = fc.constantFrom('', '\u200B', '\u00AD', '\u2060', '\uFEFF', '\u{E0041}', '\u{E0020}', '\uFE0F');
  /** Splits `text` into groups of 3 to 5 characters (the first at least `firstAtLeast`), joined by `separator`. */
  const grouped = (text: string, sizes: number[], separator: string, firstAtLeast = 1) => {
    const groups: string[] = [];
    for (let at = 0, k = 0; at < text.length; k++) {
      const size = Math.max(sizes[k % sizes.length]!, k === 0 ? firstAtLeast : 1);
      groups.push(text.slice(at, at + size));
      at += size;
    }
    return groups.join(separator);
  };
  const sizes = fc.array(fc.integer({ min: 3, max: 5 }), { minLength: 1, maxLength: 6 });

  const card = fc
    .tuple(
      fc.integer({ min: 13, max: 19 }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }),
      sizes,
      fc.constantFrom('', ' ', '  ', '    ', '\u00A0', '-', ' - ', '/', '_', '\n', '\u2013'),
      lookAlike,
    )
    .map(([length, pool, groupSizes, separator, spell]) => {
      const body = pool.slice(0, length - 1).join('');
      const number = body + [...'0123456789'].find((d) => luhnValid(body + d))!;
      return spell(grouped(number, groupSizes, separator));
    });
  const phone = fc
    .tuple(digits(3, 3), digits(3, 3), digits(4, 4), fc.constantFrom(' ', '-', '.', '/', '\u2013', '\u2014', '  '), lookAlike)
    .map(([area, exchange, line, separator, spell]) => spell([area, exchange, line].join(separator)));
  const iban = fc
    .tuple(fc.constantFrom('DE', 'GB', 'AT', 'NL', 'CH', 'FR'), digits(23, 23), sizes, fc.constantFrom('', ' ', '  ', '-', '.', ' - '))
    .map(([country, pool, groupSizes, separator]) => {
      const bban = { DE: pool.slice(0, 18), GB: `WEST${pool.slice(0, 14)}`, AT: pool.slice(0, 16), NL: `ABNA${pool.slice(0, 10)}`, CH: pool.slice(0, 17), FR: pool.slice(0, 23) }[country]!;
      const composed = composeIBAN({ countryCode: country, bban });
      // Only real IBANs (France's national check digits, too): a look-alike is rightly left readable.
      return composed && isValidIBAN(composed) ? grouped(composed, groupSizes, separator, 4) : null;
    })
    .filter((value): value is string => value !== null);
  const email = fc
    .tuple(word('abcxyz._+-', 1, 12), word('abcxyz0123456789', 1, 10), word('comnetorgio', 2, 5), invisible, fc.constantFrom('@', '＠', '﹫'))
    .filter(([local]) => /^[a-z]/.test(local))
    .map(([local, domain, tld, hidden, at]) => `${local.slice(0, 1)}${hidden}${local.slice(1)}${at}${domain}.${hidden}${tld}`);
  const keyChars = 'abcdefXYZ0123456789_-';
  const token = fc.oneof(
    fc.tuple(fc.constantFrom('sk-', 'sk-proj-', 'sk_live_', 'pk_', 'ghp_', 'github_pat_', 'glpat-', 'xoxb-'), word(keyChars, 16, 48)).map(([prefix, key]) => `${prefix}${key}`),
    fc.tuple(word(keyChars, 8, 40), word(keyChars, 8, 40), word(keyChars, 0, 40)).map(([header, payload, signature]) => `eyJ${header}.eyJ${payload}.${signature}`),
    fc
      .tuple(fc.constantFrom('Bearer ', 'bearer ', 'Bearer  '), word(`${keyChars}.~+/=`, 8, 60))
      .filter(([, t]) => /[^A-Za-z]/.test(t))
      .map(([scheme, t]) => `${scheme}${t}`),
  );
  // Noise holds no digits, no @ and no token prefix, so any of them in the output is a leak.
  const noise = word('abcdefghij KLMNOP äéßøЖж,;:!?()', 1, 12).filter((w) => w.trim().length > 0);
  const LEAK = /[0-9@]|(?:sk-|sk_|pk_|ghp_|github_pat_|glpat-|xoxb-|eyJ)[\w-]|bearer\s+(?!\[token\])\S/i;

  it('masks every card, phone, IBAN, email and token, spelt with random separators and look-alikes, inside random text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, fc.oneof(card, phone, iban, email, token)), { minLength: 1, maxLength: 8 }), noise, (parts, tail) => {
        const text = `${parts.map(([before, value]) => `${before} ${value} `).join('')}${tail}`;
        const out = redact(text).normalize('NFKC');
        expect(out, JSON.stringify(text)).not.toMatch(LEAK);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the redaction hook', () => {
  it('masks every string inside a JSON value, keeping its shape', () => {
    const input = { subject: 'from ann@example.com', meta: { phones: ['+44 20 7946 0958', 'n/a'], count: 3, ok: true, none: null } };
    expect(redactValue(input)).toEqual({ subject: 'from [email]', meta: { phones: ['[phone]', 'n/a'], count: 3, ok: true, none: null } });
    expect(input.subject).toBe('from ann@example.com'); // the original is left alone
  });

  it("takes extra rules: the source's own identifiers, as a regex with bounded quantifiers", () => {
    const rule = { name: 'ticket', pattern: /\bCUST-\d{6}\b/g, replace: () => '[customer]', mayChange: (text: string) => text.includes('CUST-') };
    redactions.push(rule);
    try {
      expect(redact('customer CUST-123456 wrote from ann@example.com')).toBe('customer [customer] wrote from [email]');
      expect(redact('customer ＣＵＳＴ-123456')).toBe('customer [customer]'); // normalised first, for added rules too
    } finally {
      redactions.splice(redactions.indexOf(rule), 1);
    }
    expect(redact('CUST-123456')).toBe('CUST-123456');
  });
});
