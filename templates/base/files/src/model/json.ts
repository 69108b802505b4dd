/**
 * Pulls the JSON value out of a model's answer. Tolerates one ```json fence (some models add it
 * even in JSON mode) and nothing else: prose around the JSON is an invalid answer, not a guess.
 */
export function parseModelJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  const text = raw.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
