/**
 * The team's own sets: the labels a classify pilot chooses from, the queues and priorities a triage
 * pilot routes to, the fields an extract pilot reads. Each belongs to one use case; the defaults are
 * the sets the shipped example cases are labelled for. Any other set makes the generator ship the
 * examples without `expected`, tagged `unlabeled` (see `examplesLabelled`).
 */
import type { UseCase } from './options.js';

export const FIELD_TYPES = ['string', 'number', 'date', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export interface Field {
  name: string;
  type: FieldType;
}

export interface UseCaseSets {
  labels?: string[];
  queues?: string[];
  /** Most urgent first: the first one is the class the urgent-recall gate watches. */
  priorities?: string[];
  fields?: Field[];
}
export type SetKey = keyof UseCaseSets;

/** Which answers each use case takes, with the defaults its shipped cases are labelled for. */
export const DEFAULT_SETS: Record<UseCase, UseCaseSets> = {
  classify: { labels: ['billing', 'bug', 'account', 'feature_request', 'other'] },
  triage: { queues: ['billing', 'technical', 'account', 'general'], priorities: ['urgent', 'high', 'normal', 'low'] },
  summarize: {},
  draft: {},
  extract: {
    fields: [
      { name: 'invoice_number', type: 'string' },
      { name: 'vendor', type: 'string' },
      { name: 'total', type: 'number' },
      { name: 'currency', type: 'string' },
      { name: 'due_date', type: 'date' },
    ],
  },
};

export const SET_KEYS = ['labels', 'queues', 'priorities', 'fields'] as const satisfies readonly SetKey[];

/** The set answers a use case takes, in the order they are asked. */
export function setKeysOf(useCase: UseCase): SetKey[] {
  return SET_KEYS.filter((key) => DEFAULT_SETS[useCase][key] !== undefined);
}

/** The use case a set answer belongs to: `labels` → classify. */
export function useCaseOfSet(key: SetKey): UseCase {
  return (Object.keys(DEFAULT_SETS) as UseCase[]).find((useCase) => DEFAULT_SETS[useCase][key] !== undefined) as UseCase;
}

const asText = (value: string | Field) => (typeof value === 'string' ? value : `${value.name}:${value.type}`);

/**
 * True when every set equals its default, so the shipped cases' `expected` fits the schema.
 * Labels, queues and fields compare as sets; priorities in order, because the first is "urgent".
 */
export function examplesLabelled(useCase: UseCase, sets: UseCaseSets): boolean {
  return setKeysOf(useCase).every((key) => {
    const given = (sets[key] ?? []).map(asText);
    const wanted = (DEFAULT_SETS[useCase][key] ?? []).map(asText);
    if (key === 'priorities') return given.join(',') === wanted.join(',');
    return given.length === wanted.length && wanted.every((value) => given.includes(value));
  });
}

/** How a set is shown as a flag value or prompt default: `billing,bug,other`, `total:number,vendor:string`. */
export function formatSet(values: ReadonlyArray<string | Field>): string {
  return values.map(asText).join(',');
}
