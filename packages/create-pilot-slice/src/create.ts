import { realpathSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  type Answers,
  type Catalog,
  type PartialAnswers,
  PilotSliceError,
  applyPlan,
  describeTargetProblem,
  isPilotSliceError,
  freshReadiness,
  inspectTarget,
  missingAnswerKeys,
  packageNameProblems,
  type Plan,
  parsePartialAnswers,
  planScaffold,
  readAnswersFile,
  refusePseudoFileSystem,
  resolveAnswers,
  suggestPackageName,
} from '@pilot-slice/core';
import { type CreateOptions, flagFor } from './args.js';
import type { GitOutcome } from './git.js';
import { type Io, colorsFor, say, warn } from './io.js';
import { type PackageManager, detectPackageManager, installCommand, managerVersion, runScript, unsupportedManagerNote } from './package-manager.js';
import { GENERATOR } from './generator.js';
import { showPath } from './paths.js';
import { fillTemplateCache } from './template-cache.js';
import { loadTemplates } from './templates.js';
import { formatPlan } from './print-plan.js';

const DEFAULT_FOLDER = 'my-pilot';

export async function create(options: CreateOptions, io: Io, signal: AbortSignal): Promise<void> {
  // Prompts, install and git pull in @clack/prompts and execa: loaded only when used, to keep start-up fast.
  const prompts = !options.yes && io.stdinIsTTY ? await import('./prompts.js') : undefined;
  const pc = colorsFor(io);
  prompts?.intro(pc.bold(`${GENERATOR.name} ${GENERATOR.version}`));

  // 1. The target folder: named, asked, or the default. Refuse a non-empty one before asking anything else.
  const folder = options.dir ?? (prompts ? await prompts.askFolder(DEFAULT_FOLDER, io.cwd) : DEFAULT_FOLDER);
  const targetDir = resolve(io.cwd, folder);
  const shown = showPath(io.cwd, targetDir);
  refusePseudoFileSystem(targetDir, shown);
  const problem = describeTargetProblem(shown, inspectTarget(targetDir));
  if (problem) throw new PilotSliceError('TARGET_NOT_EMPTY', problem);
  const name = packageNameFor(targetDir);

  // 2. The answers from each source, each validated on its own so errors name the flag or the file.
  const { catalog, precompiled } = await loadTemplates(io.templates);
  const flags = parsePartialAnswers(options.flags, flagFor);
  const recorded = options.answersFile ? readAnswersFile(resolve(io.cwd, options.answersFile), options.answersFile) : {};

  // 3. Ask for what is still missing, only when a person is there to answer.
  const prompted = prompts ? await askMissing(prompts, flags, recorded, catalog) : {};
  // The manager the team uses: --package-manager, else the one running us. Its lockfile and commands go into the workflow and Dockerfile.
  const pm = flags.packageManager ?? detectPackageManager(io.env.npm_config_user_agent);
  const unsupported = flags.packageManager ? null : unsupportedManagerNote(io.env.npm_config_user_agent);
  if (unsupported) warn(io, unsupported);
  const packageManagerVersion = await managerVersion(pm, io.env);
  const describeKey = { flags: flagFor, recorded: (key: string) => `${options.answersFile}: ${key}` };
  const answers: Answers = resolveAnswers({ flags: { ...flags, name, packageManager: pm, packageManagerVersion }, prompts: prompted, recorded }, new Date(), { describeKey });

  // 4. Render into memory and plan; --dry-run stops here.
  const plan = await planScaffold({ catalog, targetDir, answers, generator: GENERATOR, precompiled });
  if (options.dryRun) {
    say(io, formatPlan(plan, shown, pc));
    say(io, pc.dim('Dry run: nothing was written.'));
    return;
  }

  // 5. A person who answered prompts sees what is about to be made and says yes; then apply, staged beside the target and moved into place.
  await prompts?.confirmCreate([
    ['use case', answers.useCase],
    ['connector', answers.connector],
    ['auth', answers.auth],
    ['owner', answers.owner],
    ['folder', shown],
  ]);
  await applyPlan(plan, { signal });
  fillTemplateCache(io.env, GENERATOR, io.templates);
  say(io, `${pc.green('✔')} Created ${answers.name} in ${shown} (${answers.useCase}, ${answers.connector}, ${answers.auth}; owner ${answers.owner})`);

  // 6. Install (unless this Node is older than the pilot supports) and commit, each skippable.
  const install = options.install && (await nodeCanInstall(plan, io, pm, shown));
  if (install) await installOrSayWhatIsLeft(pm, targetDir, io, signal, { shown, git: options.git });
  if (options.git) reportGit(io, await (await import('./git.js')).initGit(targetDir, `${GENERATOR.name} ${GENERATOR.version}`), targetDir);

  // 7. Close the prompts' frame, then the next steps in the user's package manager's syntax and how far from production it honestly is.
  prompts?.outro('Ship the slice, not the demo.');
  printNextSteps(io, shown, pm, install);
  printReadiness(io, plan, answers, pm);
}

function packageNameFor(targetDir: string): string {
  const name = basename(targetDir);
  const problems = packageNameProblems(name);
  if (problems.length === 0) return name;
  throw new PilotSliceError('INVALID_NAME', `"${name}" is not a valid npm package name (${problems[0]}); choose a folder name like ${suggestPackageName(name)}`);
}

async function askMissing(prompts: typeof import('./prompts.js'), flags: PartialAnswers, recorded: PartialAnswers, catalog: Catalog): Promise<PartialAnswers> {
  return prompts.askAnswers(missingAnswerKeys(flags, prompts.PROMPT_ORDER), { flags, recorded }, catalog);
}

/** An install on a Node the pilot does not support would fail (or worse, half-work): say so and leave it for later. */
async function nodeCanInstall(plan: Plan, io: Io, pm: PackageManager, shown: string): Promise<boolean> {
  const { nodeSatisfies, pilotNodeRange } = await import('./engines.js');
  const range = pilotNodeRange(plan);
  if (!range || nodeSatisfies(range, io.nodeVersion)) return true;
  warn(io, `The pilot needs Node ${range} and this is Node ${io.nodeVersion}: skipped the install; switch to a newer Node, then run ${installCommand(pm)} in ${shown}`);
  return false;
}

/**
 * Ctrl-C during the install stops the run before git too: the message says what was done (the files)
 * and what was not (the dependencies, and the repository unless --no-git), with the commands that finish it.
 */
async function installOrSayWhatIsLeft(pm: PackageManager, targetDir: string, io: Io, signal: AbortSignal, { shown, git }: { shown: string; git: boolean }): Promise<void> {
  try {
    await (await import('./install.js')).installDependencies(pm, targetDir, io, signal);
  } catch (error) {
    if (!isPilotSliceError(error) || error.code !== 'INTERRUPTED') throw error;
    const notDone = git ? 'its dependencies are not installed and no git repository or first commit was made' : 'its dependencies are not installed';
    const steps = [
      ...(shown === '.' ? [] : [`cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}`]),
      installCommand(pm),
      ...(git ? ['git init', 'git add --all', `git commit -m "Scaffold pilot with ${GENERATOR.name} ${GENERATOR.version}"`] : []),
    ];
    throw new PilotSliceError('INTERRUPTED', `install interrupted: the pilot's files are all in ${shown}, but ${notDone}; to finish: ${steps.join(' && ')}`, { cause: error });
  }
}

function reportGit(io: Io, outcome: GitOutcome, targetDir: string): void {
  const pc = colorsFor(io);
  if (outcome.kind === 'committed') say(io, `${pc.green('✔')} Initialized a git repository with a first commit`);
  else if (outcome.kind === 'inside-repo' && outcome.root === realpathSync(targetDir)) {
    say(io, pc.dim('The folder was already a git repository: left it as it was, with nothing committed'));
  } else if (outcome.kind === 'inside-repo') {
    say(io, pc.dim(`No git repository made: the pilot is inside the git work tree at ${outcome.root}; commit it there, or scaffold outside it for a repository of its own`));
  } else if (outcome.kind === 'no-git') warn(io, 'git was not found: skipped git init');
  else warn(io, `git init done, first commit skipped: ${outcome.reason}`);
}

/** The fresh pilot's readiness table, computed by core from the rendered files (no pilot process is run). */
function printReadiness(io: Io, plan: Plan, answers: Answers, pm: PackageManager): void {
  const pc = colorsFor(io);
  const text = new Map(plan.changes.map((c) => [c.path, c.content?.toString('utf8')]));
  const rows = freshReadiness({
    paths: [...text.keys()],
    read: (path) => text.get(path),
    connector: answers.connector,
    auth: answers.auth,
    run: (script, args) => runScript(pm, script, args),
  });
  const label = (d: string) => d.replace('_', ' ');
  const width = Math.max(...rows.map((r) => label(r.dimension).length));
  const paint = (status: string) => (status === 'ready' ? pc.green(status) : status === 'missing' ? pc.red(status) : pc.yellow(status));
  say(io);
  say(io, `Readiness (a fresh pilot is a demo: sample data, example cases, no passing run; ${runScript(pm, 'readiness')} re-checks):`);
  for (const r of rows) say(io, `  ${label(r.dimension).padEnd(width)}  ${paint(r.status.padEnd(7))}  ${r.next ?? ''}`.trimEnd());
}

/** Each step with why, the comments aligned; the model settings are the one thing the team must fill in. */
function printNextSteps(io: Io, shown: string, pm: PackageManager, installed: boolean): void {
  const steps: Array<[string, string]> = [
    ...(shown === '.' ? [] : [[`cd ${shown.includes(' ') ? JSON.stringify(shown) : shown}`, ''] as [string, string]]),
    ...(installed ? [] : [[installCommand(pm), 'the dependencies'] as [string, string]]),
    ['cp .env.example .env', 'then set OPENAI_BASE_URL, OPENAI_API_KEY and PILOT_MODEL for a real model'],
    [runScript(pm, 'test'), "the pilot's own tests"],
    [runScript(pm, 'eval'), 'the eval gate against success-criteria.yaml (the baseline alone until a model is set)'],
    [runScript(pm, 'readiness'), 'scores data, evals, integration, ownership, criteria and framing'],
    [runScript(pm, 'start'), 'the service boundary on $PORT'],
  ];
  const width = Math.max(...steps.map(([command]) => command.length));
  say(io);
  say(io, 'Next steps:');
  for (const [command, why] of steps) say(io, `  ${why ? `${command.padEnd(width)}  # ${why}` : command}`);
}
