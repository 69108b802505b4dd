import { resolve } from 'node:path';
import { PROVENANCE_FILE, type Provenance, serializeProvenance } from '../answers/provenance.js';
import { packageManagerFacts } from '../answers/package-managers.js';
import type { Answers } from '../answers/schema.js';
import { DEFAULT_SETS, examplesLabelled } from '../answers/use-case-sets.js';
import { type Catalog, selectLayers } from '../layers/catalog.js';
import type { Layer } from '../layers/load-layer.js';
import { ownershipOf } from '../layers/ownership.js';
import type { PrecompiledTemplates } from '../render/handlebars.js';
import { SHIPPED_CASES_FILE, renderShippedCases, shippedCases } from '../readiness/shipped-cases.js';
import { renderLayers } from '../render/render-layers.js';
import { writeKitFixtures } from './kit-fixtures.js';
import { sha256 } from '../tree/hash.js';
import type { Plan } from '../tree/plan.js';
import { Tree } from '../tree/tree.js';
import { formatterOf } from './formatter.js';

export interface Generator {
  name: string;
  version: string;
}

export interface ScaffoldInput {
  catalog: Catalog;
  targetDir: string;
  answers: Answers;
  generator: Generator;
  /** Shipped templates compiled at build time; see PrecompiledTemplates. */
  precompiled?: PrecompiledTemplates;
}

/** Renders the chosen layers into memory and returns what would be written, provenance included. Touches no disk but the templates. */
export async function planScaffold(input: ScaffoldInput): Promise<Plan> {
  const layers = selectLayers(input.catalog, input.answers);
  const tree = await renderPilot(layers, input.answers, input.generator, input.precompiled);
  return { targetDir: resolve(input.targetDir), changes: tree.listChanges() };
}

/** The pilot as a tree: every layer's files plus the provenance that records how they were made. */
export async function renderPilot(
  layers: readonly Layer[],
  answers: Answers,
  generator: Generator,
  precompiled?: PrecompiledTemplates,
  sources?: Map<string, string>,
): Promise<Tree> {
  const tree = new Tree();
  // A set not given (answers recorded before sets existed) is the default one. examplesLabelled: whether
  // the shipped cases' `expected` fits the team's sets (see use-case-sets.ts). `pm`: what the chosen package
  // manager means for the files (lockfile, install commands), derived, not asked. `formatter`: the pilot's
  // biome widths, for helpers that lay out generated code (listLiteral).
  const withSets = { ...DEFAULT_SETS[answers.useCase], ...answers };
  const context = {
    ...withSets,
    generator,
    examplesLabelled: examplesLabelled(answers.useCase, withSets),
    pm: packageManagerFacts(answers.packageManager, answers.packageManagerVersion),
    formatter: formatterOf(layers),
  };
  await renderLayers(layers, context, tree, precompiled, sources);
  // The examples' fingerprints, so the pilot's readiness check knows them by content (a managed kit file).
  tree.write(SHIPPED_CASES_FILE, renderShippedCases(shippedCases(tree)), 'generator');
  // The same examples and criteria as fixtures for the pilot's own tests (test/kit/fixtures/shipped/).
  writeKitFixtures(tree);
  tree.write(PROVENANCE_FILE, serializeProvenance(buildProvenance(tree, layers, answers, generator)), 'provenance');
  return tree;
}

/** What `update` needs later: how the pilot was made, and each generated file's hash and owner. */
export function buildProvenance(tree: Tree, layers: readonly Layer[], answers: Answers, generator: Generator, migrations: string[] = []): Provenance {
  const policyOf = ownershipOf(layers);
  const files: Provenance['files'] = {};
  for (const path of tree.paths()) {
    if (path !== PROVENANCE_FILE) files[path] = { sha256: sha256(tree.read(path) ?? ''), policy: policyOf(path) };
  }
  return {
    schemaVersion: 2,
    generator: { name: generator.name, version: generator.version },
    layers: layers.map(({ manifest }) => ({ kind: manifest.kind, id: manifest.id, version: manifest.version })),
    answers,
    files,
    migrations,
  };
}
