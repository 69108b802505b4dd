/**
 * An AuthHooks test double: "good" (a service) may do everything, "readonly" is known but granted
 * nothing, "person" is a user whose id is an email (as the gateway's user header often is).
 */
import type { AuthHooks } from '../../../src/kit/auth/hooks.js';
import { ACTIONS, hasScope } from '../../../src/kit/auth/hooks.js';

export const fakeAuth: AuthHooks = {
  describe: () => ({ kind: 'fake', configured: true, detail: 'test double' }),
  async authenticate(request) {
    const header = request.headers.authorization;
    if (header === 'Bearer good') return { id: 'test:good', kind: 'service', scopes: ACTIONS };
    if (header === 'Bearer other') return { id: 'test:other', kind: 'service', scopes: ACTIONS };
    if (header === 'Bearer person') return { id: 'gateway:jane.doe@example.com', kind: 'user', scopes: ACTIONS };
    if (header === 'Bearer readonly') return { id: 'test:readonly', kind: 'service', scopes: [] };
    return null;
  },
  authorize: async (principal, action) => hasScope(principal, action),
};

export const good = { authorization: 'Bearer good' };
export const person = { authorization: 'Bearer person' };
