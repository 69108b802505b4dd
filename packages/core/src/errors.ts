/**
 * Every failure the engine can report. The CLI maps `kind` to an exit code in one place;
 * the message is one line that says what is wrong and how to fix it.
 */
export const ERROR_KINDS = {
  USAGE: 'input',
  INVALID_NAME: 'input',
  INVALID_ANSWERS: 'input',
  INVALID_ANSWERS_FILE: 'input',
  MISSING_ANSWER: 'input',
  TARGET_NOT_EMPTY: 'input',
  PATH_ESCAPE: 'input',
  INVALID_MANIFEST: 'input',
  LAYER_UNAVAILABLE: 'input',
  LAYER_CONFLICT: 'input',
  TEMPLATE_RENDER: 'input',
  NOT_A_PILOT: 'input',
  UPDATE_REFUSED: 'input',
  DOWNGRADE: 'input',
  NO_TEMPLATES_FOR_BASE: 'input',
  INVALID_JOURNAL: 'input',
  MIGRATION_FAILED: 'failure',
  INTERRUPTED: 'interrupted',
  APPLY_FAILED: 'failure',
  INSTALL_FAILED: 'failure',
  PSEUDO_FILE_SYSTEM: 'input',
} as const;

export type ErrorCode = keyof typeof ERROR_KINDS;
export type ErrorKind = (typeof ERROR_KINDS)[ErrorCode];

export class PilotSliceError extends Error {
  override readonly name = 'PilotSliceError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  get kind(): ErrorKind {
    return ERROR_KINDS[this.code];
  }
}

export function isPilotSliceError(error: unknown): error is PilotSliceError {
  return error instanceof PilotSliceError;
}
