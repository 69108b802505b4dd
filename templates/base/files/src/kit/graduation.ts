/**
 * `npm run graduation`: one page for the meeting where the pilot graduates or stops,
 * evals/reports/graduation.html and graduation.md, drawn from the last eval report and the
 * readiness check. Exit 0 written; 3 an input cannot be read, the last report was made on other
 * cases or without a model, or a bad flag (the file and the reason, nothing written).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotEnv } from './env.js';
import { InputError, escapeExcerpt } from './evals/input-file.js';
import { REPORTS_DIR } from './evals/report.js';
import { gatherFacts } from './graduation/facts.js';
import { renderGraduationHtml, renderGraduationMarkdown } from './graduation/render.js';

const USAGE = `usage: npm run graduation
  writes ${REPORTS_DIR}/graduation.html and graduation.md from the last eval report (made with a model, on the current cases)
Exit: 0 written, 3 unreadable input, a report from other cases or without a model, or a bad flag.`;

/** Written beside each other through a temporary name, so a half-written page is never left. */
function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

async function main(argv: readonly string[]): Promise<number> {
  let help = false;
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (positionals.length > 0) throw new InputError(`graduation: unexpected argument "${escapeExcerpt(positionals[0] ?? '')}"\n${USAGE}`);
    help = values.help ?? false;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const option = /'(-[^']*)'/.exec(err instanceof Error ? err.message : '')?.[1];
    throw new InputError(`graduation: ${option ? `unknown option ${escapeExcerpt(option)}` : 'bad arguments'}\n${USAGE}`);
  }
  if (help) {
    console.log(USAGE);
    return 0;
  }
  loadDotEnv();
  const facts = await gatherFacts(process.env);
  const html = renderGraduationHtml(facts);
  const md = renderGraduationMarkdown(facts);
  mkdirSync(REPORTS_DIR, { recursive: true });
  writeAtomically(join(REPORTS_DIR, 'graduation.html'), html);
  writeAtomically(join(REPORTS_DIR, 'graduation.md'), md);
  console.log(`graduation: from ${facts.reportDir} (${facts.report.verdict.replace('_', ' ')}, ${facts.model}, ${facts.runAt})`);
  console.log(`page: ${REPORTS_DIR}/graduation.html (and graduation.md)`);
  return 0;
}

// npm drops the `--` before script arguments; pnpm, yarn and bun may pass it on.
const argv = process.argv.slice(2);
main(argv[0] === '--' ? argv.slice(1) : argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof InputError) {
      console.error(err.message);
      process.exitCode = 3;
      return;
    }
    console.error(
      `graduation: internal error, nothing written: ${escapeExcerpt(err instanceof Error ? `${err.name}: ${err.message}` : String(err), 300)}${process.env.DEBUG === '1' ? '' : ' (DEBUG=1 shows the stack)'}`,
    );
    if (process.env.DEBUG === '1' && err instanceof Error && err.stack) console.error(err.stack);
    process.exitCode = 4;
  },
);
