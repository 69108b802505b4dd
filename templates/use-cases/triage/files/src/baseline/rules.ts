/**
 * The helpdesk triggers the support desk used before this pilot: a queue rule and a priority rule,
 * each first-match-wins in this order, keywords matched at the start of a word. Kept as they are,
 * mistakes included ("down" also matches "downgrade", "URGENT" in a phishing mail wins): the pilot
 * has to beat this, not a straw man. English only, like the triggers were.
 */
import type { Priority, Queue } from '../pipeline.js';

export const queueRules: ReadonlyArray<{ queue: Queue; keywords: readonly string[] }> = [
  { queue: 'billing', keywords: ['invoice', 'refund', 'charge', 'payment', 'billing', 'receipt', 'subscription', 'card', 'vat', 'price', 'plan'] },
  { queue: 'account', keywords: ['password', 'log in', 'login', 'sign in', '2fa', 'two-factor', 'locked out', 'username', 'sso', 'permission'] },
  { queue: 'technical', keywords: ['error', 'crash', 'bug', 'broken', 'not working', 'down', 'outage', 'slow', 'api', '500', '502', 'timeout', 'sync', 'export'] },
];

export const priorityRules: ReadonlyArray<{ priority: Priority; keywords: readonly string[] }> = [
  { priority: 'urgent', keywords: ['urgent', 'asap', 'emergency', 'outage', 'down', 'critical', 'hacked', 'breach', 'data loss'] },
  { priority: 'high', keywords: ['cannot', "can't", 'unable', 'blocked', 'locked out', 'charged twice', 'error', 'failed', 'failing'] },
  { priority: 'low', keywords: ['feature', 'suggestion', 'idea', 'would be nice', 'would love', 'thanks', 'thank you', 'question'] },
];
