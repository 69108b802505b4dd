/** The chosen connector (http), configured from the environment. */
import { ConfigError, type Env, readNumber, readString } from './kit/env.js';
import { readSecureUrl } from './kit/http/secure-url.js';
import { type Connector, type ConnectorOptions, allowAllRows } from './kit/connectors/connector.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './kit/connectors/http-client.js';
import { createHttpConnector } from './kit/connectors/http.js';

export function createConnector(env: Env, options: ConnectorOptions = {}): Connector {
  const url = readSecureUrl(env, 'PILOT_HTTP_URL');
  const itemUrl = readString(env, 'PILOT_HTTP_ITEM_URL');
  if (itemUrl !== undefined && !itemUrl.includes('{id}')) throw new ConfigError('PILOT_HTTP_ITEM_URL must contain {id}, e.g. https://api.example.com/tickets/{id}');
  if (itemUrl !== undefined) readSecureUrl({ PILOT_HTTP_ITEM_URL: itemUrl.replace('{id}', 'id') }, 'PILOT_HTTP_ITEM_URL');
  return createHttpConnector({
    url,
    itemUrl,
    token: readString(env, 'PILOT_HTTP_TOKEN'),
    itemsField: readString(env, 'PILOT_HTTP_ITEMS_FIELD'),
    idField: readString(env, 'PILOT_HTTP_ID_FIELD') ?? 'id',
    nextField: readString(env, 'PILOT_HTTP_NEXT_FIELD') ?? 'next',
    cursorParam: readString(env, 'PILOT_HTTP_CURSOR_PARAM') ?? 'cursor',
    maxPages: readNumber(env, 'PILOT_HTTP_MAX_PAGES', 50, { min: 1, max: 10_000 }),
    timeoutMs: readNumber(env, 'PILOT_HTTP_TIMEOUT_MS', 10_000, { min: 100 }),
    maxRetries: readNumber(env, 'PILOT_HTTP_MAX_RETRIES', 3, { min: 0, max: 10 }),
    maxResponseBytes: readNumber(env, 'PILOT_HTTP_MAX_RESPONSE_BYTES', DEFAULT_MAX_RESPONSE_BYTES, { min: 1024, max: 1024 * 1024 * 1024, integer: true }),
    // Replace with the data owner's rule before real data (see RowPermission in connector.ts).
    canRead: allowAllRows,
    warn: options.warn,
  });
}
