import { isPilotSliceError } from '@pilot-slice/core';
import { parseCliArgs } from './args.js';
import { create } from './create.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { describeFileSystemError } from './file-system-error.js';
import { GENERATOR } from './generator.js';
import { helpText } from './help.js';
import { type Io, fail, say } from './io.js';
import { listLayers } from './list.js';
import { refuseFlagsTakenByNpm } from './npm-flags.js';
import { loadTemplates } from './templates.js';

/** Runs one command and returns its exit code. The one place errors become messages and codes. */
export async function main(argv: readonly string[], io: Io, signal: AbortSignal): Promise<number> {
  try {
    refuseFlagsTakenByNpm(io.env);
    const command = parseCliArgs(argv);
    if (command.command === 'help') say(io, helpText());
    else if (command.command === 'version') say(io, GENERATOR.version);
    else if (command.command === 'list') listLayers((await loadTemplates(io.templates)).catalog, io, command.json);
    else if (command.command === 'update') return await (await import('./update.js')).update(command, io, signal);
    else if (command.command === 'check') return await (await import('./check.js')).check(command, io);
    else await create(command, io, signal);
    return EXIT.ok;
  } catch (error) {
    const fileSystem = describeFileSystemError(error, io.cwd);
    if (fileSystem) {
      fail(io, fileSystem.message);
      return exitCodeFor(fileSystem.exit);
    }
    if (isPilotSliceError(error)) {
      fail(io, error.message);
      return exitCodeFor(error.kind);
    }
    fail(io, `unexpected error: ${(error as Error)?.message ?? String(error)} (please report it; DEBUG=1 shows the stack)`);
    if (io.env.DEBUG) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return EXIT.failed;
  }
}
