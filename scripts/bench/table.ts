// The bench's one output format: rows of measure / value / target / result, printed as a table.
// PASS and MISS judge a target; FAIL means the measurement could not be taken; SKIP means a
// comparison peer could not be run here (said why above the table), which is not our failure.
export interface Row {
  measure: string;
  value: string;
  target: string;
  result: 'PASS' | 'MISS' | 'FAIL' | 'SKIP' | '';
}

export const ms = (value: number): string => `${value.toFixed(0)} ms`;
export const verdict = (ok: boolean): Row['result'] => (ok ? 'PASS' : 'MISS');
export const failed = (measure: string, target: string): Row => ({ measure, value: 'error', target, result: 'FAIL' });

export function printTable(rows: Row[]): void {
  const cells = [['measure', 'value', 'target', 'result'], ...rows.map((row) => [row.measure, row.value, row.target, row.result])];
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  const format = (line: string[]): string =>
    line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  console.log(format(cells[0]!));
  console.log('-'.repeat(widths.reduce((sum, w) => sum + w + 2, 0)));
  for (const line of cells.slice(1)) console.log(format(line));
}
