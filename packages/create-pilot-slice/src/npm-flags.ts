import { PilotSliceError } from '@pilot-slice/core';
import { ANSWER_FLAGS } from './args.js';

/** Our flags that npm has no option of its own for; `--yes` and `--dry-run` are npm's too, so they cannot tell. */
const OURS_ONLY = [...Object.keys(ANSWER_FLAGS), 'answers-file'];

/**
 * `npm create pilot-slice p6 --owner @x/y` (no `--`) never passes --owner on: npm reads it as a
 * config of its own, leaves it in the environment as npm_config_owner=true and passes `@x/y` on
 * as a second folder. Said plainly here, before the leftovers read as a puzzling usage error.
 */
export function refuseFlagsTakenByNpm(env: NodeJS.ProcessEnv): void {
  const taken = OURS_ONLY.filter((flag) => env[`npm_config_${flag.replaceAll('-', '_')}`] !== undefined);
  if (taken.length === 0) return;
  throw new PilotSliceError(
    'USAGE',
    `npm read ${taken.map((flag) => `--${flag}`).join(', ')} as its own option, so create-pilot-slice never got it; npm needs -- before flags: npm create pilot-slice@latest my-pilot -- --owner @acme/support-ai`,
  );
}
