/**
 * The keyword rules the support desk used before this pilot (mail-client filters and helpdesk
 * triggers). First matching rule wins, in this order. Kept as they are, mistakes included:
 * the pilot has to beat this, not a straw man. English only, like the filters were.
 */
import type { Label } from '../pipeline.js';

export const rules: ReadonlyArray<{ label: Label; keywords: readonly string[] }> = [
  { label: 'billing', keywords: ['invoice', 'refund', 'charge', 'payment', 'billing', 'receipt', 'subscription', 'price', 'card', 'vat'] },
  { label: 'account', keywords: ['password', 'log in', 'login', 'sign in', '2fa', 'two-factor', 'locked out', 'username', 'delete my account'] },
  { label: 'bug', keywords: ['error', 'crash', 'broken', 'bug', 'not working', "doesn't work", 'fails', 'failed', 'freez'] },
  { label: 'feature_request', keywords: ['feature', 'would be great', 'would be nice', 'please add', 'could you add', 'suggestion', 'roadmap'] },
];
