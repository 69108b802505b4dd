export { ERROR_KINDS, type ErrorCode, type ErrorKind, PilotSliceError, isPilotSliceError } from './errors.js';
export * from './answers/options.js';
export {
  EXACT_VERSION,
  PACKAGE_MANAGERS,
  PACKAGE_MANAGER_FACTS,
  PACKAGE_MANAGER_MAJORS,
  type PackageManager,
  type PackageManagerFacts,
  packageManagerFacts,
} from './answers/package-managers.js';
export { type Answers, type AnswerKey, type PartialAnswers, ANSWER_KEYS, OWNER_PATTERN, answersSchema } from './answers/schema.js';
export {
  DEFAULT_SETS,
  FIELD_TYPES,
  type Field,
  type FieldType,
  SET_KEYS,
  type SetKey,
  type UseCaseSets,
  examplesLabelled,
  formatSet,
  setKeysOf,
} from './answers/use-case-sets.js';
export { packageNameProblems, suggestPackageName } from './answers/package-name.js';
export {
  ANSWER_PRECEDENCE,
  type AnswerSource,
  type AnswerSources,
  decisionDateProblem,
  defaultAnswers,
  missingAnswerKeys,
  parsePartialAnswers,
  resolveAnswers,
} from './answers/resolve-answers.js';
export { ANSWERS_FILE_MAX_BYTES, parseAnswersFile, readAnswersFile } from './answers/answers-file.js';
export { closestName, didYouMean } from './answers/did-you-mean.js';
export { PROVENANCE_FILE, type Provenance, parseProvenance, provenanceSchema } from './answers/provenance.js';
export { type LayerManifest, type LayerKind, layerManifestSchema } from './layers/manifest.js';
export { type Layer, loadLayer } from './layers/load-layer.js';
export { type Catalog, availableIds, describeCatalog, loadCatalog, selectLayers } from './layers/catalog.js';
export { packCatalog, unpackCatalog } from './layers/template-pack.js';
export { renderLayers } from './render/render-layers.js';
export { type PrecompiledTemplates, precompileTemplate } from './render/handlebars.js';
export { Tree, type FileChange, type ChangeType } from './tree/tree.js';
export { type Plan, type PlanRow, planRows, planTotals } from './tree/plan.js';
export { type ApplyOptions, STAGING_MARK, applyPlan } from './tree/apply-plan.js';
export { type TargetState, describeTargetProblem, inspectTarget } from './scaffold/target.js';
export { refusePseudoFileSystem } from './scaffold/pseudo-file-system.js';
export { type Generator, type ScaffoldInput, planScaffold, renderPilot } from './scaffold/plan-scaffold.js';
export { type FilePolicy, FILE_POLICIES } from './layers/manifest.js';
export { ownershipOf } from './layers/ownership.js';
export { type BaseTemplates, type Conflict, type PathReport, type ReportKind, type UpdateInput, type UpdatePlan, assertNotDowngrade, planUpdate } from './update/plan-update.js';
export type { ConflictStages } from './update/decide.js';
export type { FileSide } from './update/sides.js';
export type { ConflictStyle } from './update/text-merge.js';
export { applyUpdate, recoverInterruptedUpdate } from './update/apply-update.js';
export { UPDATE_DIR } from './update/journal.js';
export { insidePath } from './tree/inside-path.js';
export { findPilotDir, readPilotProvenance, unresolvedConflicts } from './update/read-pilot.js';
export { type CheckResult, checkPilot } from './update/check-pilot.js';
export { SUMMARY_KINDS, type UpdateSummary, reportLine, summarizeUpdate } from './update/summary.js';
export { parseSetPairs } from './update/recorded-answers.js';
export { compareVersions } from './update/versions.js';
export { SHIPPED_CASES_FILE, inputFingerprint } from './readiness/shipped-cases.js';
export { type FreshReadinessRow, READINESS_DIMENSIONS, type ReadinessDimension, type ReadinessStatus, type RenderedPilot, freshReadiness } from './readiness/fresh-readiness.js';
