/**
 * Connector over a REST API that lists records as JSON pages. Reads walk the pages (Link
 * rel="next" header, or a next URL / cursor in the body) up to PILOT_HTTP_MAX_PAGES; one record
 * is fetched from its own URL. The bearer token only ever goes to PILOT_HTTP_URL's origin: a
 * next link to another origin is refused, not followed.
 */
import { type Connector, type Principal, type Query, type Row, type RowPermission, allowAllRows, clampLimit, warnToStderr } from './connector.js';
import { type HttpClientOptions, getJson, shortUrl } from './http-client.js';
import { readFromStream, sampleFromStream, toRow } from './rows.js';

export interface HttpOptions extends HttpClientOptions {
  /** Unset: the connector constructs, and every read says PILOT_HTTP_URL is missing. */
  url?: URL;
  /** With `{id}` where the record's id goes; default `<url>/{id}`. */
  itemUrl?: string;
  itemsField?: string;
  idField?: string;
  nextField?: string;
  cursorParam?: string;
  maxPages?: number;
  canRead?: RowPermission;
  warn?: (message: string) => void;
}

const ITEM_FIELDS = ['items', 'data', 'results', 'records'];

/** The records in one page: the body itself when it is an array, else the configured or usual field. */
export function itemsOf(body: unknown, field?: string): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  for (const key of field ? [field] : ITEM_FIELDS) if (Array.isArray(record[key])) return record[key] as unknown[];
  return null;
}

/** RFC 8288: the URL of the `rel="next"` link, if any. */
export function nextLink(header: string | null): string | undefined {
  for (const part of header?.split(',') ?? []) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (match?.[2] && /\brel="?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2])) return match[1];
  }
  return undefined;
}

export function createHttpConnector(options: HttpOptions): Connector {
  const canRead = options.canRead ?? allowAllRows;
  const warn = options.warn ?? warnToStderr;
  const idField = options.idField ?? 'id';
  const maxPages = options.maxPages ?? 50;

  function base(): URL {
    if (!options.url) throw new Error('PILOT_HTTP_URL is not set: point it at the API that lists the records (see docs/data.md)');
    return options.url;
  }

  /** Where the page after `current` is, or undefined on the last page. */
  function nextPage(current: URL, headers: Headers, body: unknown): URL | undefined {
    const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[options.nextField ?? 'next'] : undefined;
    const link = nextLink(headers.get('link')) ?? (typeof fromBody === 'string' && fromBody ? fromBody : undefined);
    if (!link) return undefined;
    let next: URL;
    if (/^(https?:\/\/|\/|\?)/i.test(link)) {
      next = new URL(link, current);
    } else {
      // A bare token is a cursor for the same listing.
      next = new URL(base());
      next.searchParams.set(options.cursorParam ?? 'cursor', link);
    }
    if (next.origin !== base().origin) {
      throw new Error(`the next page link points to another origin (${next.origin}); refusing to send the token there`);
    }
    return next;
  }

  async function* rows(): AsyncGenerator<Row> {
    let url: URL | undefined = base();
    const seen = new Set<string>();
    for (let page = 1; url; page += 1) {
      if (page > maxPages) {
        warn(`http source: stopped after ${maxPages} pages (PILOT_HTTP_MAX_PAGES); later records were not read`);
        return;
      }
      seen.add(url.href);
      const response = await getJson(url, options);
      const items = itemsOf(response.body, options.itemsField);
      if (!items) throw new Error(`GET ${shortUrl(url)}: no list of records in the body${options.itemsField ? ` (PILOT_HTTP_ITEMS_FIELD=${options.itemsField})` : ''}`);
      for (const [index, item] of items.entries()) {
        const row = item && typeof item === 'object' && !Array.isArray(item) ? toRow(item as Record<string, unknown>, idField) : null;
        if (row) yield row;
        else warn(`http source: page ${page}, item ${index + 1}: skipped malformed record (${item && typeof item === 'object' ? `no ${idField}` : 'not an object'})`);
      }
      url = nextPage(url, response.headers, response.body);
      if (url && seen.has(url.href)) {
        warn(`http source: page ${page} links back to a page already read; stopping`);
        return;
      }
    }
  }

  async function readOne(id: string, principal: Principal): Promise<Row[]> {
    const template = options.itemUrl ?? `${base().href.replace(/\/+$/, '')}/{id}`;
    const url = new URL(template.replaceAll('{id}', encodeURIComponent(id)));
    if (url.origin !== base().origin) throw new Error('PILOT_HTTP_ITEM_URL must be on the same origin as PILOT_HTTP_URL');
    const { status, body } = await getJson(url, options);
    if (status === 404 || !body || typeof body !== 'object') return [];
    // Some APIs wrap one record as {data: {...}}.
    const wrapped = (body as Record<string, unknown>)[idField] === undefined ? (body as Record<string, unknown>).data : body;
    const row = wrapped && typeof wrapped === 'object' ? toRow(wrapped as Record<string, unknown>, idField) : null;
    return row && row.id === id && canRead(principal, row) ? [row] : [];
  }

  return {
    // Not pointed anywhere yet counts as "still the sample" for readiness: there is no real data.
    describe: () => ({ kind: 'http', source: options.url ? shortUrl(options.url) : 'PILOT_HTTP_URL not set', isSample: !options.url }),
    async read(query: string | Query, principal: Principal) {
      if (typeof query === 'string') return readOne(query, principal);
      return readFromStream(rows, { limit: clampLimit(query.limit), contains: query.contains }, principal, canRead);
    },
    async sample(n: number, principal: Principal) {
      return sampleFromStream(rows, clampLimit(n), principal, canRead);
    },
    async close() {},
  };
}
