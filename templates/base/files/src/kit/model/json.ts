/**
 * Pulls the JSON value out of a model's answer. Tolerates one ```json fence (some models add it
 * even in JSON mode) and nothing else: prose around the JSON is an invalid answer, not a guess.
 */
export function parseModelJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = raw.trim();
  // Only a fenced answer can match; the service parses every answer, most of them unfenced.
  const text = trimmed.startsWith('```') ? trimmed.replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1') : trimmed;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
