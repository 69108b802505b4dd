import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  type Answers,
  type Catalog,
  type PartialAnswers,
  PilotSliceError,
  applyPlan,
  describeTargetProblem,
  inspectTarget,
  missingAnswerKeys,
  packageNameProblems,
  parseAnswersFile,
  parsePartialAnswers,
  planScaffold,
  resolveAnswers,
  suggestPackageName,
} from '@pilot-slice/core';
import pc from 'picocolors';
import { type CreateOptions, flagFor } from './args.js';
import type { GitOutcome } from './git.js';
import { type Io, say, warn } from './io.js';
import { detectPackageManager, runScript } from './package-manager.js';
import { GENERATOR } from './generator.js';
import { showPath } from './paths.js';
import { fillTemplateCache } from './template-cache.js';
import { loadTemplates } from './templates.js';
import { formatPlan } from './print-plan.js';

const DEFAULT_FOLDER = 'my-pilot';

export async function create(options: CreateOptions, io: Io, signal: AbortSignal): Promise<void> {
  // Prompts, install and git pull in @clack/prompts and execa: loaded only when used, to keep start-up fast.
  const prompts = !options.yes && io.stdinIsTTY ? await import('./prompts.js') : undefined;
  prompts?.intro(pc.bold(`${GENERATOR.name} ${GENERATOR.version}`));

  // 1. The target folder: named, asked, or the default. Refuse a non-empty one before asking anything else.
  const folder = options.dir ?? (prompts ? await prompts.askFolder(DEFAULT_FOLDER, io.cwd) : DEFAULT_FOLDER);
  const targetDir = resolve(io.cwd, folder);
  const shown = showPath(io.cwd, targetDir);
  const problem = describeTargetProblem(shown, inspectTarget(targetDir));
  if (problem) throw new PilotSliceError('TARGET_NOT_EMPTY', problem);
  const name = packageNameFor(targetDir);

  // 2. The answers from each source, each validated on its own so errors name the flag or the file.
  const { catalog, precompiled } = await loadTemplates(io.templates);
  const flags = parsePartialAnswers(options.flags, flagFor);
  const recorded = options.answersFile ? readAnswersFile(io.cwd, options.answersFile) : {};

  // 3. Ask for what is still missing, only when a person is there to answer.
  const prompted = prompts ? await askMissing(prompts, flags, recorded, catalog) : {};
  const answers: Answers = resolveAnswers({ flags: { ...flags, name }, prompts: prompted, recorded });

  // 4. Render into memory and plan; --dry-run stops here.
  const plan = await planScaffold({ catalog, targetDir, answers, generator: GENERATOR, precompiled });
  if (options.dryRun) {
    say(io, formatPlan(plan, shown));
    say(io, pc.dim('Dry run: nothing was written.'));
    return;
  }

  // 5. Apply: staged beside the target, then moved into place.
  await applyPlan(plan, { signal });
  fillTemplateCache(io.env, GENERATOR, io.templates);
  say(io, `${pc.green('✔')} Created ${answers.name} in ${shown} (${answers.useCase}, ${answers.connector}, ${answers.auth}; owner ${answers.owner})`);

  // 6. Install and commit, each skippable.
  const pm = detectPackageManager(io.env.npm_config_user_agent);
  if (options.install) await (await import('./install.js')).installDependencies(pm, targetDir, io, signal);
  if (options.git) reportGit(io, await (await import('./git.js')).initGit(targetDir, `${GENERATOR.name} ${GENERATOR.version}`));

  // 7. Next steps, in the user's package manager's syntax.
  printNextSteps(io, shown, pm, options.install);
  prompts?.outro('Ship the slice, not the demo.');
}

function packageNameFor(targetDir: string): string {
  const name = basename(targetDir);
  const problems = packageNameProblems(name);
  if (problems.length === 0) return name;
  throw new PilotSliceError(
    'INVALID_NAME',
    `"${name}" is not a valid npm package name (${problems[0]}); choose a folder name like ${suggestPackageName(name)}`,
  );
}

function readAnswersFile(cwd: string, file: string): PartialAnswers {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new PilotSliceError('INVALID_ANSWERS_FILE', `--answers-file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
  }
  return parseAnswersFile(text, file);
}

async function askMissing(prompts: typeof import('./prompts.js'), flags: PartialAnswers, recorded: PartialAnswers, catalog: Catalog): Promise<PartialAnswers> {
  return prompts.askAnswers(missingAnswerKeys(flags, prompts.PROMPT_ORDER), { flags, recorded }, catalog);
}

function reportGit(io: Io, outcome: GitOutcome): void {
  if (outcome.kind === 'committed') say(io, `${pc.green('✔')} Initialized a git repository with a first commit`);
  else if (outcome.kind === 'inside-repo') say(io, pc.dim('Inside an existing git work tree: skipped git init'));
  else if (outcome.kind === 'no-git') warn(io, 'git was not found: skipped git init');
  else warn(io, `git init done, first commit skipped: ${outcome.reason}`);
}

function printNextSteps(io: Io, shown: string, pm: ReturnType<typeof detectPackageManager>, installed: boolean): void {
  const steps = [
    ...(shown === '.' ? [] : [`cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}`]),
    ...(installed ? [] : [`${pm} install`]),
    `${runScript(pm, 'test')}          # the pilot's own tests`,
    `${runScript(pm, 'eval')}      # the eval gate against success-criteria.yaml`,
    `${runScript(pm, 'start')}         # the service boundary on $PORT`,
  ];
  say(io);
  say(io, 'Next steps:');
  for (const step of steps) say(io, `  ${step}`);
}
