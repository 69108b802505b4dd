import {
  type BaseTemplates,
  PACKAGE_MANAGER_FACTS,
  PilotSliceError,
  SUMMARY_KINDS,
  type UpdatePlan,
  applyUpdate,
  assertNotDowngrade,
  parseSetPairs,
  planUpdate,
  reportLine,
  summarizeUpdate,
  unpackCatalog,
  unresolvedConflicts,
} from '@pilot-slice/core';
import type { UpdateOptions } from './args.js';
import { EXIT } from './exit-codes.js';
import { GENERATOR } from './generator.js';
import { type Io, colorsFor, say, warn } from './io.js';
import { type OpenedPilot, generatorMismatch, openPilot } from './maintain.js';
import { type PackageManager, lockfileManager } from './package-manager.js';
import type { PilotGit } from './pilot-git.js';
import { fillTemplateCache, readCachedPack } from './template-cache.js';
import { loadTemplates } from './templates.js';

/** `update`: the recorded version and this one rendered, merged into the pilot. 0 clean, 3 conflicts left. */
export async function update(options: UpdateOptions, io: Io, signal: AbortSignal): Promise<number> {
  // 1. The pilot, its provenance, and the guards: each refusal names what to do.
  const set = parseSetPairs(options.set);
  const pilot = openPilot(io, options.dir, 'update');
  inferPackageManager(io, pilot, set);
  const { openPilotGit } = await import('./pilot-git.js');
  const git = await openPilotGit(pilot.dir);
  await guard(pilot, git);
  const { catalog, precompiled } = await loadTemplates(io.templates);
  assertNotDowngrade(pilot.provenance, GENERATOR, catalog);

  // 2. The base: the recorded version's templates (cache, then registry), else each file from git history.
  const baseTemplates = await findBaseTemplates(pilot, io, signal);
  // History is read only when no templates were found: walking every commit's blobs costs more than rendering.
  const history = git && !baseTemplates ? await git.history(Object.keys(pilot.provenance.files)) : new Map<string, Buffer[]>();

  // 3. Plan: render both versions, merge three ways.
  const plan = await planUpdate({
    pilotDir: pilot.dir,
    provenance: pilot.provenance,
    catalog,
    precompiled,
    generator: GENERATOR,
    set,
    baseTemplates,
    history: (path) => history.get(path) ?? [],
    style: options.conflict,
  });
  printReport(io, pilot, plan);
  if (plan.droppedAnswers.length > 0) {
    say(io, `Dropped the recorded ${plan.droppedAnswers.join(', ')}: ${plan.droppedAnswers.length === 1 ? 'it belongs' : 'they belong'} to the old choice.`);
  }
  if (options.dryRun) {
    say(io, colorsFor(io).dim('Dry run: nothing was written.'));
    return plan.conflicts.length > 0 ? EXIT.conflicts : EXIT.ok;
  }

  // 4. Apply: the tree and the provenance file together; conflicts staged in git's index.
  if (plan.changes.length > 0) await applyUpdate(pilot.dir, plan.changes, { signal });
  if (git && plan.conflicts.length > 0) await git.stageConflicts(plan.conflicts);
  fillTemplateCache(io.env, GENERATOR, io.templates);
  if (plan.conflicts.length > 0) {
    warn(io, `${plan.conflicts.length} ${plan.conflicts.length === 1 ? 'file has' : 'files have'} conflicts; resolve each, then commit:`);
    for (const conflict of plan.conflicts) say(io, `  ${conflict.resolve}`);
    return EXIT.conflicts;
  }
  if (options.verify && plan.changes.length > 0) return verify(io, pilot);
  return EXIT.ok;
}

/** `--verify`: the pilot's own type-check over the updated tree, so an exit 0 means it still compiles. */
async function verify(io: Io, pilot: OpenedPilot): Promise<number> {
  const pm = (pilot.provenance.answers.packageManager as PackageManager | undefined) ?? lockfileManager(pilot.dir) ?? 'npm';
  const command = `${PACKAGE_MANAGER_FACTS[pm].run} typecheck`;
  const [bin = pm, ...args] = command.split(' ');
  say(io, `Verifying: ${command}`);
  const { execa } = await import('execa');
  const result = await execa(bin, args, { cwd: pilot.dir, all: true, reject: false, env: { ...io.env } });
  if (result.exitCode === 0) {
    say(io, 'The updated pilot type-checks.');
    return EXIT.ok;
  }
  if (result.all) say(io, result.all);
  warn(
    io,
    `the updated pilot does not type-check (${command} exited ${result.exitCode ?? 'on a signal'}); the update is applied: fix it, or undo it with git checkout -- . && git clean -fd`,
  );
  return EXIT.failed;
}

/**
 * Pilots made before `packageManager` was recorded would be rendered for npm (its default), whatever
 * they are installed with: their lockfile says which manager they use.
 */
function inferPackageManager(io: Io, pilot: OpenedPilot, set: Record<string, string>): void {
  if (pilot.provenance.answers.packageManager !== undefined || set.packageManager !== undefined) return;
  const pm = lockfileManager(pilot.dir);
  if (!pm || pm === 'npm') return;
  set.packageManager = pm;
  say(io, `No package manager was recorded; ${PACKAGE_MANAGER_FACTS[pm].lockfile} says ${pm}, so the update renders for ${pm} (--set packageManager=... to choose).`);
}

async function guard(pilot: OpenedPilot, git: PilotGit | null): Promise<void> {
  const mismatch = generatorMismatch(pilot.provenance, GENERATOR.name);
  if (mismatch) throw new PilotSliceError('NOT_A_PILOT', mismatch);
  const leftovers = unresolvedConflicts(pilot.dir, pilot.provenance);
  if (leftovers.length > 0) {
    throw new PilotSliceError(
      'UPDATE_REFUSED',
      `an earlier update left conflicts in ${leftovers.slice(0, 3).join(', ')}${leftovers.length > 3 ? ` and ${leftovers.length - 3} more` : ''}: resolve them (remove the markers, .rej and .template files) and commit, then update`,
    );
  }
  if (!git) return;
  const unmerged = await git.unmerged();
  if (unmerged.length > 0)
    throw new PilotSliceError('UPDATE_REFUSED', `git has unmerged files in the pilot (${unmerged.slice(0, 3).join(', ')}): resolve them with git add, commit, then update`);
  const dirty = await git.dirty();
  if (dirty.length > 0) {
    throw new PilotSliceError(
      'UPDATE_REFUSED',
      `the pilot has uncommitted changes (${dirty
        .slice(0, 3)
        .map((line) => line.slice(3))
        .join(', ')}${dirty.length > 3 ? ', ...' : ''}): commit or stash them first, so the update can be reviewed and undone`,
    );
  }
}

async function findBaseTemplates(pilot: OpenedPilot, io: Io, signal: AbortSignal): Promise<BaseTemplates | undefined> {
  const recorded = pilot.provenance.generator;
  if (recorded.version === GENERATOR.version) {
    const own = await loadTemplates(io.templates);
    return { from: 'cache', ...own };
  }
  const cached = readCachedPack(io.env, recorded);
  if (cached) return { from: 'cache', ...unpackCatalog(cached, `${recorded.name}@${recorded.version} (cached)`) };
  const { fetchRegistryPack } = await import('./registry-templates.js');
  const fetched = await fetchRegistryPack(recorded, io.env, signal);
  if ('pack' in fetched) {
    try {
      return { from: 'registry', ...unpackCatalog(fetched.pack, `${recorded.name}@${recorded.version}`) };
    } catch {
      warn(io, `the registry's ${recorded.name}@${recorded.version} has no template pack this version can read`);
      return undefined;
    }
  }
  warn(io, `templates of ${recorded.name} ${recorded.version} not found (${fetched.reason}); merging against git history`);
  return undefined;
}

function printReport(io: Io, pilot: OpenedPilot, plan: UpdatePlan): void {
  const pc = colorsFor(io);
  say(io, `Updating ${pilot.shown}: ${GENERATOR.name} ${plan.from} -> ${plan.to}`);
  const { fromTemplates, fromHistory, none } = plan.bases;
  if (fromHistory > 0 || none > 0) {
    say(io, pc.dim(`merge bases: ${fromTemplates} from templates, ${fromHistory} from git history, ${none} without a base (two-way)`));
  }
  for (const migration of plan.migrations) say(io, `migration  ${migration}`);
  for (const entry of plan.report) say(io, entry.kind === 'conflicted' ? pc.red(reportLine(entry)) : reportLine(entry));
  const summary = summarizeUpdate(plan);
  if (plan.changes.length === 0) say(io, 'Already up to date: nothing to change.');
  say(io, SUMMARY_KINDS.map((kind) => `${summary[kind]} ${kind}`).join(', '));
}
