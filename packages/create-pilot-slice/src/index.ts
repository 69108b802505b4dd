import { EXIT } from './exit-codes.js';
import { main } from './cli.js';
import { fileURLToPath } from 'node:url';

// The process boundary: signals in, exit code out. Everything below only returns.

// Templates ship inside the package beside dist/, copied there by build.mjs. Resolved here, in the entry
// module, because only the entry is sure to stay at dist/index.mjs when the bundle is split into chunks.
const TEMPLATES_DIR = fileURLToPath(new URL('../templates', import.meta.url));
const controller = new AbortController();
let interrupted = false;
const onSignal = (): void => {
  if (interrupted) process.exit(EXIT.interrupted); // a second Ctrl-C does not wait for cleanup
  interrupted = true;
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// `create-pilot-slice list | head` closes the pipe early: that reader has all it wanted, so stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });
}

const code = await main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: Boolean(process.stdin.isTTY), env: process.env, cwd: process.cwd(), templatesDir: TEMPLATES_DIR },
  controller.signal,
);
process.exitCode = interrupted && code === EXIT.ok ? EXIT.interrupted : code;
