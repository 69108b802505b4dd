/** Token prices turn usage into the cost the success criteria cap. The API does not report them. */
import { type Env, readNumber, readString } from '../env.js';
import type { Usage } from './provider.js';

export interface Price {
  inputPerMTokUsd: number;
  outputPerMTokUsd: number;
}

export const PRICE_ENV = ['PILOT_PRICE_INPUT_PER_MTOK', 'PILOT_PRICE_OUTPUT_PER_MTOK'] as const;

/** null when either price is unset: then cost is "not measured", never silently zero. */
export function priceFromEnv(env: Env): Price | null {
  if (!readString(env, PRICE_ENV[0]) || !readString(env, PRICE_ENV[1])) return null;
  return {
    inputPerMTokUsd: readNumber(env, PRICE_ENV[0], 0, { min: 0 }),
    outputPerMTokUsd: readNumber(env, PRICE_ENV[1], 0, { min: 0 }),
  };
}

export function costUsd(usage: Usage, price: Price): number {
  return (usage.promptTokens * price.inputPerMTokUsd + usage.completionTokens * price.outputPerMTokUsd) / 1_000_000;
}
