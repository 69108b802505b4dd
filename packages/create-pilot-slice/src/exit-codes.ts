import type { ErrorKind } from '@pilot-slice/core';

/** The public exit codes (DESIGN.md): 0 done, 1 failed, 2 bad input or usage, 3 update left conflicts, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, conflicts: 3, interrupted: 130 } as const;

export function exitCodeFor(kind: ErrorKind): number {
  if (kind === 'input') return EXIT.badInput;
  if (kind === 'interrupted') return EXIT.interrupted;
  return EXIT.failed;
}
