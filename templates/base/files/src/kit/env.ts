/** Environment helpers shared by the entry points (server, eval runner, readiness). */

export type Env = Readonly<Record<string, string | undefined>>;

/** A setting that is present but unusable. Entry points print it and stop. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Loads `.env` if there is one. Only entry points call this, never library code or tests,
 * so a developer's real key never leaks into `npm test`. Variables already set win.
 */
export function loadDotEnv(file = '.env'): void {
  try {
    process.loadEnvFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The trimmed value, or undefined when unset or blank (an empty line in .env means "unset"). */
export function readString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function readNumber(env: Env, name: string, fallback: number, range: { min?: number; max?: number; integer?: boolean } = {}): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not a ${integer ? 'whole number' : 'number'} between ${min} and ${max}`);
  }
  return value;
}
