export { ERROR_KINDS, type ErrorCode, type ErrorKind, PilotSliceError, isPilotSliceError } from './errors.js';
export * from './answers/options.js';
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
export { parseAnswersFile } from './answers/answers-file.js';
export { PROVENANCE_FILE, type Provenance, parseProvenance, provenanceSchema } from './answers/provenance.js';
export { type LayerManifest, type LayerKind, layerManifestSchema } from './layers/manifest.js';
export { type Layer, loadLayer } from './layers/load-layer.js';
export { type Catalog, availableIds, describeCatalog, loadCatalog, selectLayers } from './layers/catalog.js';
export { packCatalog, unpackCatalog } from './layers/template-pack.js';
export { renderLayers } from './render/render-layers.js';
export { type PrecompiledTemplates, precompileTemplate } from './render/handlebars.js';
export { Tree, type FileChange, type ChangeType } from './tree/tree.js';
export { type Plan, type PlanRow, planRows, planTotals } from './tree/plan.js';
export { type ApplyOptions, applyPlan } from './tree/apply-plan.js';
export { type TargetState, describeTargetProblem, inspectTarget } from './scaffold/target.js';
export { type Generator, type ScaffoldInput, planScaffold, renderPilot } from './scaffold/plan-scaffold.js';
