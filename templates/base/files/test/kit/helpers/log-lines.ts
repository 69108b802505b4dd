/** A service log option that keeps every line in memory, for tests that read what was logged. */
export function logLines(level: string) {
  const lines: string[] = [];
  return { lines, logger: { level, stream: { write: (line: string) => void lines.push(line) } } };
}
