/** `npm run auth:new-key`: a fresh random key for a caller, and the digest the service stores. */
import { newKey } from '../src/kit/auth/api-key.js';
import { scriptArgs } from '../src/kit/script-args.js';

scriptArgs({
  name: 'auth:new-key',
  options: {},
  help: `Prints a fresh random API key for one caller and its sha256, the digest the service stores in PILOT_API_KEYS.
Nothing is written or stored. Exit: 0 printed, 2 a bad flag.`,
});

const { key, digest } = newKey();
console.log(`key:    ${key}`);
console.log(`sha256: ${digest}`);
console.log('');
console.log('Give the key to the caller once, over a secure channel; it is not stored anywhere.');
console.log('Append the sha256 to PILOT_API_KEYS (comma-separated) and restart the service.');
