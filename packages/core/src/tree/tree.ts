/**
 * An in-memory file tree. Templates render into it; nothing touches disk until a plan is applied.
 * Paths are relative, with `/` separators. A Tree may start from an original snapshot (what is on
 * disk); writing a file's original content back removes the change, so re-running with the same
 * inputs yields an empty plan.
 */
export type ChangeType = 'create' | 'update' | 'delete';

export interface FileChange {
  path: string;
  type: ChangeType;
  /** null for deletes. */
  content: Buffer | null;
  /** The layer (or step) that last wrote the file, for plan output. */
  origin: string;
  /** Written with the executable bits (0o755) when true; absent means a plain file. */
  executable?: boolean;
}

interface Entry {
  content: Buffer;
  origin: string;
  executable: boolean;
}

export class Tree {
  private readonly current = new Map<string, Entry | null>();

  /** `executables` names the original files that have their executable bit set. */
  constructor(
    private readonly original: ReadonlyMap<string, Buffer> = new Map(),
    private readonly executables: ReadonlySet<string> = new Set(),
  ) {}

  exists(path: string): boolean {
    const entry = this.current.get(path);
    return entry === undefined ? this.original.has(path) : entry !== null;
  }

  read(path: string): Buffer | undefined {
    const entry = this.current.get(path);
    if (entry === null) return undefined;
    return entry?.content ?? this.original.get(path);
  }

  origin(path: string): string | undefined {
    return this.current.get(path)?.origin;
  }

  isExecutable(path: string): boolean {
    const entry = this.current.get(path);
    if (entry === null) return false;
    return entry?.executable ?? this.executables.has(path);
  }

  write(path: string, content: Buffer | string, origin: string, executable = false): void {
    const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const before = this.original.get(path);
    if (before?.equals(buffer) && this.executables.has(path) === executable) this.current.delete(path);
    else this.current.set(path, { content: buffer, origin, executable });
  }

  delete(path: string): void {
    if (this.original.has(path)) this.current.set(path, null);
    else this.current.delete(path);
  }

  /** Every path that exists now, sorted. */
  paths(): string[] {
    const all = new Set([...this.original.keys(), ...this.current.keys()]);
    return [...all].filter((path) => this.exists(path)).sort();
  }

  /** The difference from the original snapshot, as plain data, sorted by path. */
  listChanges(): FileChange[] {
    return [...this.current.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(
        ([path, entry]): FileChange =>
          entry === null
            ? { path, type: 'delete', content: null, origin: 'delete' }
            : {
                path,
                type: this.original.has(path) ? 'update' : 'create',
                content: entry.content,
                origin: entry.origin,
                ...(entry.executable ? { executable: true } : {}),
              },
      );
  }
}
