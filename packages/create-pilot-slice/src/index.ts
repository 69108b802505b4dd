import { EXIT } from './exit-codes.js';
import { main } from './cli.js';
import { fileURLToPath } from 'node:url';
import { TEMPLATE_PACK } from './templates.js';

// The process boundary: signals in, exit code out. Everything below only returns.

// The templates ship as one pack beside the bundle (dist/), written by build.mjs.
const TEMPLATES = fileURLToPath(new URL(`./${TEMPLATE_PACK}`, import.meta.url));
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

// No top-level await: the bundle is CommonJS (see build.mjs).
void main(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: touching process.stdin builds a stream for it, and a run with every answer given never asks.
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
    env: process.env,
    cwd: process.cwd(),
    nodeVersion: process.versions.node,
    templates: TEMPLATES,
  },
  controller.signal,
).then((code) => {
  process.exitCode = interrupted && code === EXIT.ok ? EXIT.interrupted : code;
});
