import { describe, expect, it } from 'vitest';
import { redact, redactValue, redactions } from '../../src/kit/connectors/connector.js';

describe('redact', () => {
  it('masks email addresses', () => {
    expect(redact('write to jane.doe+billing@example.co.uk today')).toBe('write to [email] today');
    expect(redact('Müller <jürgen.müller@beispiel.de>')).toBe('Müller <[email]>');
  });

  it('masks card numbers, grouped or not, without needing a valid checksum', () => {
    expect(redact('card 4111 1111 1111 1111 exp 12/29')).toBe('card [card] exp 12/29');
    expect(redact('pan=5500-0000-0000-0004.')).toBe('pan=[card].');
    expect(redact('typo 4111111111111112')).toBe('typo [card]');
  });

  it('masks phone numbers in common formats', () => {
    expect(redact('call +1 415 555 0134 now')).toBe('call [phone] now');
    expect(redact('tel: (555) 010-9999')).toBe('tel: [phone]');
    expect(redact('mobile 07700 900123.')).toBe('mobile [phone].');
    expect(redact('+44 20 7946 0958')).toBe('[phone]');
  });

  it('leaves dates, amounts, versions and short ids readable', () => {
    const text = 'On 2024-03-12 we billed $1,204.50 for order 48213 on iOS 18.1 (ticket #7731)';
    expect(redact(text)).toBe(text);
  });

  it('masks at the smallest digit counts the quick tests let through', () => {
    expect(redact('pan 4111111111111')).toBe('pan [card]'); // 13 digits
    expect(redact('call +12 34 567')).toBe('call [phone]'); // + and 7 digits
    expect(redact('call +12 34 56')).toBe('call +12 34 56'); // + and 6
    expect(redact('x@y.io')).toBe('[email]');
  });
});

describe('the quick tests of the default rules', () => {
  const texts = [
    'write to jane.doe+billing@example.co.uk today',
    'Müller <jürgen.müller@beispiel.de>',
    'card 4111 1111 1111 1111 exp 12/29',
    'pan=5500-0000-0000-0004.',
    'pan 4111111111111',
    'call +1 415 555 0134 now',
    'tel: (555) 010-9999',
    'mobile 07700 900123.',
    'call +12 34 567',
    'call +12 34 56',
    'On 2024-03-12 we billed $1,204.50 for order 48213 on iOS 18.1 (ticket #7731)',
    'no digits and no at sign',
    '',
  ];

  it('skip only texts their rule would leave unchanged', () => {
    for (const rule of redactions) {
      for (const text of texts) {
        const changes = text.replace(rule.pattern, rule.replace) !== text;
        if (changes) expect(rule.mayChange?.(text) ?? true, `${rule.name}: ${text}`).toBe(true);
      }
    }
  });

  it('skip texts without an @ or with too few digits', () => {
    const byName = new Map(redactions.map((rule) => [rule.name, rule]));
    expect(byName.get('email')?.mayChange?.('no at sign here')).toBe(false);
    expect(byName.get('card')?.mayChange?.('order 123456789012')).toBe(false); // 12 digits
    expect(byName.get('phone')?.mayChange?.('order 123456')).toBe(false); // 6 digits
  });
});

describe('the redaction hook', () => {
  it('masks every string inside a JSON value, keeping its shape', () => {
    const input = { subject: 'from ann@example.com', meta: { phones: ['+44 20 7946 0958', 'n/a'], count: 3, ok: true, none: null } };
    expect(redactValue(input)).toEqual({ subject: 'from [email]', meta: { phones: ['[phone]', 'n/a'], count: 3, ok: true, none: null } });
    expect(input.subject).toBe('from ann@example.com'); // the original is left alone
  });

  it("takes extra rules: the source's own identifiers", () => {
    const rule = { name: 'ticket', pattern: /\bCUST-\d{6}\b/g, replace: () => '[customer]' };
    redactions.push(rule);
    try {
      expect(redact('customer CUST-123456 wrote from ann@example.com')).toBe('customer [customer] wrote from [email]');
    } finally {
      redactions.splice(redactions.indexOf(rule), 1);
    }
    expect(redact('CUST-123456')).toBe('CUST-123456');
  });
});
