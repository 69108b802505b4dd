/**
 * Helpers the connector implementations share: turning raw source values into plain rows,
 * searching them, and sampling a stream without holding it in memory.
 */
import type { Principal, Row, RowPermission } from './connector.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes of unknown encoding (legacy exports): UTF-8 when valid, else latin-1, rather than fail. */
export function decodeBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

/** One source value as something JSON-safe and text-friendly: bytes decoded, dates as ISO text. */
export function plainValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return decodeBytes(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A row with an `id` (as text) and plain values, or null when the record has no usable id. */
export function toRow(raw: Readonly<Record<string, unknown>>, idField = 'id'): Row | null {
  const id = plainValue(raw[idField]);
  if (id === null || id === undefined || typeof id === 'object' || String(id).trim() === '') return null;
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) row[key] = plainValue(value);
  return { ...row, id: String(id) };
}

/** Case-insensitive search over a row's text values (nested values included, as JSON). */
export function rowContains(row: Row, text: string): boolean {
  const needle = text.toLowerCase();
  return Object.values(row).some((value) => {
    if (value === null || value === undefined) return false;
    const hay = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return hay.toLowerCase().includes(needle);
  });
}

/**
 * Uniform random sample of up to n items from a stream of unknown length (reservoir sampling,
 * Algorithm R): memory stays O(n) however large the source is.
 */
export class Reservoir<T> {
  private seen = 0;
  private readonly items: T[] = [];
  constructor(private readonly size: number) {}

  offer(item: T): void {
    this.seen += 1;
    if (this.items.length < this.size) {
      this.items.push(item);
      return;
    }
    const slot = Math.floor(Math.random() * this.seen);
    if (slot < this.size) this.items[slot] = item;
  }

  /** The sample, shuffled: the first items of a stream are not favoured in order either. */
  take(): T[] {
    const out = [...this.items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/**
 * Runs read / sample over any async stream of rows with the permission hook applied first, so a
 * limit always counts rows the principal may see. Used by the streaming connectors (csv, http).
 */
export async function readFromStream(rows: () => AsyncIterable<Row>, query: string | { contains?: string; limit: number }, principal: Principal, canRead: RowPermission): Promise<Row[]> {
  const found: Row[] = [];
  const limit = typeof query === 'string' ? 1 : query.limit;
  for await (const row of rows()) {
    if (typeof query === 'string' ? row.id !== query : query.contains !== undefined && !rowContains(row, query.contains)) continue;
    if (!canRead(principal, row)) continue;
    found.push(row);
    if (found.length >= limit) break;
  }
  return found;
}

export async function sampleFromStream(rows: () => AsyncIterable<Row>, n: number, principal: Principal, canRead: RowPermission): Promise<Row[]> {
  const reservoir = new Reservoir<Row>(n);
  for await (const row of rows()) if (canRead(principal, row)) reservoir.offer(row);
  return reservoir.take();
}
