/**
 * `npm run readiness [-- --json] [-- --strict] [-- --markdown]`: is this pilot a production slice
 * yet, or still a demo? Six dimensions scored from the repository's real state (src/kit/readiness/).
 *
 * Exit codes: 0 printed (every dimension ready, or any state without --strict); 1 with --strict
 * when a dimension is not ready; 3 an input cannot be read (the file and the reason) or a bad flag.
 */
import { parseArgs } from 'node:util';
import { loadDotEnv } from './env.js';
import { InputError, escapeExcerpt } from './evals/input-file.js';
import { assessReadiness } from './readiness/checks.js';
import { allReady, readinessJson, readinessMarkdown, readinessText } from './readiness/table.js';

const USAGE = `usage: npm run readiness [-- --json] [-- --strict] [-- --markdown]
  --json      one key per dimension: status (ready, not yet, missing), evidence, next
  --markdown  the table as Markdown (the CI job summary)
  --strict    exit 1 unless every dimension is ready (CI's readiness job)
Exit: 0 printed (or ready with --strict), 1 not ready with --strict, 3 unreadable input or a bad flag.`;

class UsageError extends Error {}

function parseFlags(argv: readonly string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean' }, strict: { type: 'boolean' }, markdown: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${escapeExcerpt(positionals[0] ?? '')}"`);
    if (values.json && values.markdown) throw new UsageError('--json and --markdown: choose one');
    return { json: values.json ?? false, strict: values.strict ?? false, markdown: values.markdown ?? false, help: values.help ?? false };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const option = /'(-[^']*)'/.exec(err instanceof Error ? err.message : '')?.[1];
    throw new UsageError(option ? `unknown option ${escapeExcerpt(option)}` : escapeExcerpt(err instanceof Error ? err.message : String(err), 200));
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  loadDotEnv();
  const rows = await assessReadiness(process.env);
  const ready = allReady(rows);
  if (flags.json) console.log(JSON.stringify(readinessJson(rows), null, 2));
  else if (flags.markdown) console.log(readinessMarkdown(rows));
  else {
    console.log(readinessText(rows));
    const open = rows.filter((r) => r.status !== 'ready').length;
    console.log(ready ? '\nreadiness: READY, every dimension' : `\nreadiness: NOT READY, ${open} of ${rows.length} dimensions to go${flags.strict ? ' (exit 1)' : ''}`);
  }
  return flags.strict && !ready ? 1 : 0;
}

// npm drops the `--` before script arguments; pnpm, yarn and bun may pass it on.
const argv = process.argv.slice(2);
main(argv[0] === '--' ? argv.slice(1) : argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`readiness: ${err.message}\n${USAGE}`);
      process.exitCode = 3;
      return;
    }
    if (err instanceof InputError) {
      console.error(err.message);
      process.exitCode = 3;
      return;
    }
    console.error(
      `readiness: internal error: ${escapeExcerpt(err instanceof Error ? `${err.name}: ${err.message}` : String(err), 300)}${process.env.DEBUG === '1' ? '' : ' (DEBUG=1 shows the stack)'}`,
    );
    if (process.env.DEBUG === '1' && err instanceof Error && err.stack) console.error(err.stack);
    process.exitCode = 4;
  },
);
