/**
 * Token prices turn usage into the cost the success criteria cap. The API does not report them, so
 * success-criteria.yaml carries a price table (reviewed with the bar); the environment can override
 * it, e.g. for a negotiated rate.
 */
import { type Env, readNumber, readString } from '../env.js';
import type { Usage } from './provider.js';

export interface Price {
  inputPerMTokUsd: number;
  outputPerMTokUsd: number;
}

/** The `cost.prices` table of success-criteria.yaml: USD per million tokens by model name. */
export type PriceTable = Readonly<Record<string, { input_per_mtok: number; output_per_mtok: number }>>;

export const PRICE_ENV = ['PILOT_PRICE_INPUT_PER_MTOK', 'PILOT_PRICE_OUTPUT_PER_MTOK'] as const;

/** null when either price is unset. */
export function priceFromEnv(env: Env): Price | null {
  if (!readString(env, PRICE_ENV[0]) || !readString(env, PRICE_ENV[1])) return null;
  return {
    inputPerMTokUsd: readNumber(env, PRICE_ENV[0], 0, { min: 0 }),
    outputPerMTokUsd: readNumber(env, PRICE_ENV[1], 0, { min: 0 }),
  };
}

/**
 * The price for `model`: the environment, else its row in the table, else the table's `default`
 * row. null when none applies: cost is then "not measured", never silently zero.
 */
export function resolvePrice(model: string, table: PriceTable, env: Env): { price: Price; source: string } | null {
  const fromEnv = priceFromEnv(env);
  if (fromEnv) return { price: fromEnv, source: PRICE_ENV.join(' / ') };
  const row = table[model] ?? table.default;
  if (!row) return null;
  return {
    price: { inputPerMTokUsd: row.input_per_mtok, outputPerMTokUsd: row.output_per_mtok },
    source: `success-criteria.yaml cost.prices.${table[model] ? model : 'default'}`,
  };
}

export function costUsd(usage: Usage, price: Price): number {
  return (usage.promptTokens * price.inputPerMTokUsd + usage.completionTokens * price.outputPerMTokUsd) / 1_000_000;
}
