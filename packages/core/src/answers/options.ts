/**
 * The choosable options, one source of truth: the answers schema, the CLI's flags and help,
 * and the layer catalog all read these tuples. A value listed here may not have a layer yet;
 * the catalog says which ones do.
 */
export const USE_CASES = ['classify', 'triage', 'summarize', 'draft', 'extract'] as const;
export const CONNECTORS = ['sqlite', 'postgres', 'csv', 'http'] as const;
export const AUTHS = ['oidc', 'api-key', 'gateway'] as const;

export type UseCase = (typeof USE_CASES)[number];
export type ConnectorId = (typeof CONNECTORS)[number];
export type AuthId = (typeof AUTHS)[number];

/** Which answer picks the layer of each overlay kind. */
export const LAYER_KIND_ANSWER = {
  'use-case': 'useCase',
  connector: 'connector',
  auth: 'auth',
} as const;

export type OverlayKind = keyof typeof LAYER_KIND_ANSWER;
export const OVERLAY_KINDS = Object.keys(LAYER_KIND_ANSWER) as OverlayKind[];

/** Every value each overlay kind names in the public surface, shipped or not. */
export const OVERLAY_VALUES: Record<OverlayKind, readonly string[]> = { 'use-case': USE_CASES, connector: CONNECTORS, auth: AUTHS };
