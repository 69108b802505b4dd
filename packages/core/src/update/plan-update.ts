import { resolve } from 'node:path';
import { PROVENANCE_FILE, type Provenance, serializeProvenance } from '../answers/provenance.js';
import type { Answers } from '../answers/schema.js';
import { PilotSliceError } from '../errors.js';
import { type Catalog, selectLayers } from '../layers/catalog.js';
import type { Layer } from '../layers/load-layer.js';
import { ownershipOf } from '../layers/ownership.js';
import type { FilePolicy } from '../layers/manifest.js';
import type { PrecompiledTemplates } from '../render/handlebars.js';
import { SHIPPED_CASES_FILE, keepShippedCases, renderShippedCases, shippedCases } from '../readiness/shipped-cases.js';
import { type Generator, buildProvenance, renderPilot } from '../scaffold/plan-scaffold.js';
import { sha256 } from '../tree/hash.js';
import { badFolderOnTheWay, insidePath } from '../tree/inside-path.js';
import type { FileChange } from '../tree/tree.js';
import { type ConflictStages, type Outcome, decide } from './decide.js';
import { type Migration, type MigrationFiles, loadMigrations, pendingMigrations, runAnswerMigrations, runFileMigrations } from './migrations.js';
import { loadMergeLibs } from './merge-libs.js';
import { brokenImports } from './broken-imports.js';
import { answersForUpdate } from './recorded-answers.js';
import { type FileSide, readWorkFile } from './sides.js';
import type { ConflictStyle, MergeLabels } from './text-merge.js';
import { compareVersions } from './versions.js';
import { listWorkFiles } from './work-tree.js';

/** The templates of the recorded version, when they could be found; see the CLI's base sources. */
export interface BaseTemplates {
  from: 'cache' | 'registry';
  catalog: Catalog;
  precompiled?: PrecompiledTemplates;
}

export interface UpdateInput {
  pilotDir: string;
  provenance: Provenance;
  catalog: Catalog;
  precompiled?: PrecompiledTemplates;
  generator: Generator;
  /** `--set key=value` answers. */
  set?: Record<string, string>;
  baseTemplates?: BaseTemplates;
  /** Every version of a pilot path in git history (newest first); a version whose sha256 provenance recorded is that file's base. */
  history?: (path: string) => Buffer[];
  style?: ConflictStyle;
}

export type ReportKind = 'created' | 'updated' | 'merged' | 'conflicted' | 'deleted' | 'kept' | 'moved';

export interface PathReport {
  path: string;
  kind: ReportKind;
  /** For a rename: where the file was. */
  from?: string;
  reason?: string;
}

export interface Conflict {
  path: string;
  stages: ConflictStages;
  /** What to open and do to resolve it, one line. */
  resolve: string;
}

/** The one line that tells the team how to settle each kind of conflict. */
export function howToResolve(path: string, left: 'markers' | 'rej' | 'template' | 'both-kept' | 'import', detail = ''): string {
  if (left === 'rej') return `apply ${path}.rej to ${path} by hand, delete the .rej, then git add ${path}`;
  if (left === 'template') return `compare ${path} with ${path}.template, keep the one you want as ${path}, delete ${path}.template, then git add ${path}`;
  if (left === 'both-kept') return `merge ${detail} into ${path} by hand, delete ${detail}, then git add --all`;
  if (left === 'import') return `${detail}; edit ${path} so it no longer imports it, then git add ${path}`;
  return `edit ${path}: keep what you want between the <<<<<<< and >>>>>>> markers, delete the markers, then git add ${path}`;
}

export interface UpdatePlan {
  targetDir: string;
  /** Writes and deletes, the provenance file last. */
  changes: FileChange[];
  report: PathReport[];
  conflicts: Conflict[];
  from: string;
  to: string;
  /** Where each base came from, counted: how far the three-way merge could see. */
  bases: { templates?: BaseTemplates['from']; fromTemplates: number; fromHistory: number; none: number };
  migrations: string[];
  /** Recorded answers the new choices do not take (a classify pilot's labels after `--set useCase=triage`). */
  droppedAnswers: string[];
}

/** Update is scaffold twice and a merge: the recorded version and the new one rendered, merged into the work tree. */
export async function planUpdate(input: UpdateInput): Promise<UpdatePlan> {
  await loadMergeLibs();
  const pilotDir = resolve(input.pilotDir);
  const recorded = input.provenance;
  const newLayersFor = (answers: Pick<Answers, 'useCase' | 'connector' | 'auth'>) => selectLayers(input.catalog, answers);
  const recordedAnswers = recorded.answers as Pick<Answers, 'useCase' | 'connector' | 'auth'>;

  // 1. Migrations of the layers crossed, then the answers the new version renders with.
  const provisional = newLayersFor(recordedAnswers);
  const migrations = await loadMigrations(pendingMigrations(provisional, (layer) => recordedVersion(recorded, layer), recorded.migrations));
  const { answers, dropped } = answersForUpdate(runAnswerMigrations(migrations, recorded.answers), input.set ?? {});
  const layers = newLayersFor(answers);

  // 2. Render the new version, and the recorded one when its templates are at hand.
  const theirsSources = new Map<string, string>();
  const theirs = await renderPilot(layers, answers, input.generator, input.precompiled, theirsSources);
  const base = input.baseTemplates ? await renderBase(input.baseTemplates, recorded) : undefined;
  // The shipped examples already recorded stay recognised beside the new version's (see keepShippedCases).
  const recordedShipped = readWorkFile(pilotDir, SHIPPED_CASES_FILE);
  if (typeof recordedShipped !== 'string' && theirs.exists(SHIPPED_CASES_FILE)) {
    theirs.write(SHIPPED_CASES_FILE, renderShippedCases(keepShippedCases(recordedShipped.content.toString('utf8'), shippedCases(theirs))), 'generator');
  }

  // 3. Decide every path, following renames.
  const policyOf = ownershipOf(layers);
  const labels: MergeLabels = {
    ours: 'yours (before updating)',
    base: `template ${recorded.generator.version} (last update)`,
    theirs: `template ${input.generator.version} (after updating)`,
  };
  const baseOf = baseFinder(base?.tree, input.history);
  const renames = findRenames(recorded, theirs.paths(), layers, base?.sources, theirsSources);
  const changes: FileChange[] = [];
  const report: PathReport[] = [];
  const conflicts: Conflict[] = [];
  const style = input.style ?? 'inline';
  const side = (path: string): FileSide | undefined => {
    const content = theirs.read(path);
    return content ? { content, executable: theirs.isExecutable(path) } : undefined;
  };
  const work = (path: string): FileSide | undefined => {
    const found = readWorkFile(pilotDir, path);
    return typeof found === 'string' ? undefined : found;
  };

  const renamedFrom = new Map([...renames].map(([from, to]) => [to, from]));
  const paths = new Set([...Object.keys(recorded.files), ...theirs.paths()].filter((path) => path !== PROVENANCE_FILE && !renames.has(path)));
  for (const path of [...paths].sort()) {
    const from = renamedFrom.get(path);
    const oldPath = from ?? path;
    const recordedFile = recorded.files[oldPath];
    if (behindALink(pilotDir, path, from, recordedFile?.sha256, theirs.read(path))) continue;
    if (readWorkFile(pilotDir, oldPath) === 'not-a-file') {
      report.push({ path: oldPath, kind: 'kept', reason: 'not a regular file (a link or a folder): left as it is' });
      continue;
    }
    // A file the new version no longer generates keeps its recorded owner; one recorded before owners
    // were (0.1.0) was the generator's, so its removal applies unless the team edited it.
    const policy: FilePolicy = theirs.exists(path) ? policyOf(path) : (recordedFile?.policy ?? 'managed');
    const outcome = decide({
      path,
      policy,
      recordedSha256: recordedFile?.sha256,
      base: recordedFile ? baseOf(oldPath, recordedFile.sha256) : undefined,
      ours: work(oldPath),
      theirs: side(path),
      labels,
      style,
    });
    if (from) applyRename(outcome, from, path, policy, work(from), side(path), work(path) !== undefined, changes, report, conflicts);
    else applyOutcome(outcome, path, changes, report, conflicts);
  }

  // 4. The migrations' own edits, on the merged result.
  if (migrations.length > 0) {
    for (const change of migrateFiles(migrations, pilotDir, changes)) {
      changes.push(change);
      const kind: ReportKind = change.type === 'delete' ? 'deleted' : readWorkFile(pilotDir, change.path) === 'missing' ? 'created' : 'updated';
      const known = report.find((entry) => entry.path === change.path);
      if (known) known.reason = [known.reason, 'then edited by a migration'].filter(Boolean).join('; ');
      else report.push({ path: change.path, kind, reason: 'by a migration' });
    }
  }

  // 5. A file that stays but imports one this update deletes would not compile: a conflict naming both.
  for (const { importer, target } of brokenImports(pilotDir, changes)) {
    const reason = `imports ${target}, which this update deletes`;
    const known = report.find((entry) => entry.path === importer);
    if (known) Object.assign(known, { kind: 'conflicted', reason: [known.reason, reason].filter(Boolean).join('; ') });
    else report.push({ path: importer, kind: 'conflicted', reason });
    conflicts.push({ path: importer, stages: {}, resolve: howToResolve(importer, 'import', `it ${reason}`) });
  }

  // Every write and delete goes through the one path guard, whatever step planned it (merge, rename, .rej, migration).
  for (const change of changes) insidePath(pilotDir, change.path, 'update');

  // 6. Provenance records what the new version generated, so the next update merges against it.
  const ran = [...recorded.migrations, ...migrations.map((migration) => migration.id)];
  const provenance = buildProvenance(theirs, layers, answers, input.generator, ran);
  const provenanceText = serializeProvenance(provenance);
  if (changes.length > 0 || provenanceText !== serializeProvenance(recorded)) {
    changes.push({ path: PROVENANCE_FILE, type: 'update', content: Buffer.from(provenanceText, 'utf8'), origin: 'provenance' });
  }
  return {
    targetDir: pilotDir,
    changes,
    report,
    conflicts,
    from: recorded.generator.version,
    to: input.generator.version,
    bases: { ...(input.baseTemplates ? { templates: input.baseTemplates.from } : {}), ...baseOf.counts },
    migrations: migrations.map((migration) => migration.id),
    droppedAnswers: dropped,
  };
}

/**
 * A path under a linked folder (or a file where a folder should be) is never read or written: what
 * is behind the link is not the pilot's. When this version leaves that path as it was, update
 * passes it by; when it would create, change, move or delete it, update refuses and names the link.
 */
function behindALink(pilotDir: string, path: string, from: string | undefined, recordedSha: string | undefined, theirs: Buffer | undefined): boolean {
  const oldPath = from ?? path;
  if (!badFolderOnTheWay(pilotDir, oldPath) && !badFolderOnTheWay(pilotDir, path)) return false;
  if (from !== undefined || recordedSha !== (theirs ? sha256(theirs) : undefined)) {
    insidePath(pilotDir, oldPath, 'update');
    insidePath(pilotDir, path, 'update');
  }
  return true;
}

function recordedVersion(recorded: Provenance, layer: Layer): string | undefined {
  return recorded.layers.find((entry) => entry.kind === layer.manifest.kind && entry.id === layer.manifest.id)?.version;
}

/** Renders the recorded layers at the recorded version with the recorded answers, exactly as the pilot was made. */
async function renderBase(templates: BaseTemplates, recorded: Provenance) {
  const layers = recorded.layers.map((entry) => {
    const layer = entry.kind === 'base' ? templates.catalog.base : templates.catalog.overlays[entry.kind].get(entry.id);
    if (!layer || layer.manifest.version !== entry.version) return undefined;
    return layer;
  });
  if (layers.some((layer) => layer === undefined)) return undefined;
  const sources = new Map<string, string>();
  try {
    const tree = await renderPilot(layers as Layer[], recorded.answers as Answers, recorded.generator, templates.precompiled, sources);
    return { tree, sources };
  } catch {
    // The old templates cannot render these answers any more: fall back to history, then two-way, per file.
    return undefined;
  }
}

/** The base of one file: the rendered old version if it hashes to what was recorded, else a git-history version that does. */
function baseFinder(tree: Awaited<ReturnType<typeof renderPilot>> | undefined, history: UpdateInput['history']) {
  const counts = { fromTemplates: 0, fromHistory: 0, none: 0 };
  const find = (path: string, recordedSha: string): FileSide | undefined => {
    const rendered = tree?.read(path);
    if (rendered && sha256(rendered) === recordedSha) {
      counts.fromTemplates += 1;
      return { content: rendered, executable: tree?.isExecutable(path) ?? false };
    }
    const match = history?.(path).find((content) => sha256(content) === recordedSha);
    if (match) {
      counts.fromHistory += 1;
      // History keeps content, not the bit as generated; the work tree's bit is the best guess.
      return { content: match, executable: false, modeUnknown: true };
    }
    counts.none += 1;
    return undefined;
  };
  return Object.assign(find, { counts });
}

/**
 * Paths the new version moved: declared by a layer (`moved` in layer.json), or the same template
 * source rendering to another path (an answer used in a path changed).
 */
function findRenames(
  recorded: Provenance,
  theirsPaths: string[],
  layers: readonly Layer[],
  baseSources: Map<string, string> | undefined,
  theirsSources: Map<string, string>,
): Map<string, string> {
  const theirsSet = new Set(theirsPaths);
  const renames = new Map<string, string>();
  const candidate = (from: string, to: string) =>
    from in recorded.files && !theirsSet.has(from) && theirsSet.has(to) && !(to in recorded.files) && ![...renames.values()].includes(to);
  for (const layer of layers) {
    for (const [from, to] of Object.entries(layer.manifest.moved)) if (candidate(from, to)) renames.set(from, to);
  }
  if (baseSources) {
    const bySource = new Map([...theirsSources].map(([path, source]) => [source, path]));
    for (const [from, source] of baseSources) {
      const to = bySource.get(source);
      if (to && !renames.has(from) && candidate(from, to)) renames.set(from, to);
    }
  }
  return renames;
}

function applyOutcome(outcome: Outcome, path: string, changes: FileChange[], report: PathReport[], conflicts: Conflict[]): void {
  if (outcome.kind === 'unchanged') return;
  if (outcome.kind === 'deleted') {
    changes.push({ path, type: 'delete', content: null, origin: 'update' });
    report.push({ path, kind: 'deleted' });
    return;
  }
  if (outcome.kind === 'kept') {
    report.push({ path, kind: 'kept', reason: outcome.reason });
    return;
  }
  if (outcome.kind === 'conflicted') {
    if (outcome.result) changes.push(write(path, outcome.result, 'conflict'));
    if (outcome.rejects) changes.push({ path: `${path}.rej`, type: 'create', content: Buffer.from(outcome.rejects, 'utf8'), origin: 'conflict' });
    if (outcome.beside) changes.push({ ...write(`${path}.template`, outcome.beside, 'conflict'), type: 'create' });
    report.push({ path, kind: 'conflicted', reason: outcome.reason });
    conflicts.push({ path, stages: outcome.stages, resolve: howToResolve(path, outcome.beside ? 'template' : outcome.rejects ? 'rej' : 'markers') });
    return;
  }
  changes.push(write(path, outcome.result, outcome.kind));
  report.push({ path, kind: outcome.kind });
}

/** A moved file: its merged content goes to the new path and the old path goes away, so edits follow the move. */
function applyRename(
  outcome: Outcome,
  from: string,
  to: string,
  policy: FilePolicy,
  ours: FileSide | undefined,
  theirs: FileSide | undefined,
  targetTaken: boolean,
  changes: FileChange[],
  report: PathReport[],
  conflicts: Conflict[],
): void {
  if (!ours) {
    if (policy !== 'seed' && outcome.kind !== 'kept') applyOutcome(outcome, to, changes, report, conflicts);
    else report.push({ path: to, kind: 'kept', from, reason: 'you deleted it before the template moved it; it stays deleted' });
    return;
  }
  if (targetTaken) {
    report.push({ path: to, kind: 'conflicted', from, reason: `the template moved ${from} here, but you already have a file here: both kept` });
    conflicts.push({ path: to, stages: {}, resolve: howToResolve(to, 'both-kept', from) });
    return;
  }
  // decide() already treats each owner as it should (an edited seed's conflict offers the template's
  // change beside the team's text), so the moved file is its outcome, whatever the owner.
  const result = (outcome.kind === 'unchanged' || outcome.kind === 'kept' ? ours : 'result' in outcome ? outcome.result : ours) ?? ours;
  changes.push(write(to, result, 'moved'), { path: from, type: 'delete', content: null, origin: 'moved' });
  if (outcome.kind === 'conflicted') {
    if (outcome.rejects) changes.push({ path: `${to}.rej`, type: 'create', content: Buffer.from(outcome.rejects, 'utf8'), origin: 'conflict' });
    if (outcome.beside) changes.push({ ...write(`${to}.template`, outcome.beside, 'conflict'), type: 'create' });
    report.push({ path: to, kind: 'conflicted', from, reason: outcome.reason });
    conflicts.push({ path: to, stages: outcome.stages, resolve: howToResolve(to, outcome.beside ? 'template' : outcome.rejects ? 'rej' : 'markers') });
  } else {
    const reason = outcome.kind === 'merged' ? 'your edits merged into the moved file' : theirs && !theirs.content.equals(result.content) ? 'your edits kept' : undefined;
    report.push({ path: to, kind: 'moved', from, ...(reason ? { reason } : {}) });
  }
}

function write(path: string, side: FileSide, origin: string): FileChange {
  return { path, type: origin === 'created' ? 'create' : 'update', content: side.content, origin, ...(side.executable ? { executable: true } : {}) };
}

/** Runs the migrations' file step over the work tree as it will be after the merge; returns their edits as changes. */
function migrateFiles(migrations: readonly Migration[], pilotDir: string, planned: FileChange[]): FileChange[] {
  const overlay = new Map<string, Buffer | null>(planned.map((change) => [change.path, change.content]));
  const edits = new Map<string, string | null>();
  const all = new Set([...listWorkFiles(pilotDir), ...planned.filter((change) => change.content).map((change) => change.path)]);
  for (const [path, content] of overlay) if (content === null) all.delete(path);
  const read = (path: string): string | undefined => {
    if (edits.has(path)) return edits.get(path) ?? undefined;
    if (overlay.has(path)) return overlay.get(path)?.toString('utf8');
    const found = readWorkFile(pilotDir, path);
    return typeof found === 'string' ? undefined : found.content.toString('utf8');
  };
  const files: MigrationFiles = {
    paths: () => [...all].sort(),
    read,
    write: (path, text) => {
      if (read(path) === text) return;
      edits.set(path, text);
      all.add(path);
    },
    delete: (path) => {
      edits.set(path, null);
      all.delete(path);
    },
  };
  runFileMigrations(migrations, files);
  const result: FileChange[] = [];
  for (const [path, text] of edits) {
    const index = planned.findIndex((change) => change.path === path);
    const existing = index >= 0 ? planned[index]?.executable : readExecutable(pilotDir, path);
    if (index >= 0) planned.splice(index, 1);
    result.push(
      text === null
        ? { path, type: 'delete', content: null, origin: 'migration' }
        : { path, type: 'update', content: Buffer.from(text, 'utf8'), origin: 'migration', ...(existing ? { executable: true } : {}) },
    );
  }
  return result;
}

/** Refuses to go backwards: rendering an older template over a newer pilot would undo its fixes. */
export function assertNotDowngrade(recorded: Provenance, generator: Generator, catalog: Catalog): void {
  if (compareVersions(recorded.generator.version, generator.version) > 0) {
    throw new PilotSliceError(
      'DOWNGRADE',
      `this pilot was made by ${recorded.generator.name} ${recorded.generator.version}, newer than this ${generator.version}; run npx ${recorded.generator.name}@${recorded.generator.version} update (or later)`,
    );
  }
  for (const entry of recorded.layers) {
    const layer = entry.kind === 'base' ? catalog.base : catalog.overlays[entry.kind].get(entry.id);
    if (layer && compareVersions(entry.version, layer.manifest.version) > 0) {
      throw new PilotSliceError(
        'DOWNGRADE',
        `layer ${entry.kind}/${entry.id} is at ${entry.version} in this pilot but ${layer.manifest.version} in ${generator.name} ${generator.version}; use a newer ${generator.name}`,
      );
    }
  }
}

function readExecutable(pilotDir: string, path: string): boolean {
  const found = readWorkFile(pilotDir, path);
  return typeof found !== 'string' && found.executable;
}
