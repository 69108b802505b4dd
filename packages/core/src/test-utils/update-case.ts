// Random template sets and random team edits for the update property test (../update/update-property.test.ts).
// A case is plain data (file kinds, sizes, edit ops at indices), so fast-check prints a failing case
// readably and shrinks it; everything else (contents, paths, the two template folders, the team's
// files) is derived from it here, deterministically.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { manifest } from './fixtures.js';

export const FILE_KINDS = ['text', 'seed', 'yaml', 'json', 'env', 'binary'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/**
 * One edit, its meaning depending on the file's kind (see EDIT_NAMES): a line, YAML step, JSON key or
 * env variable added, changed or removed; a comment added (for the template, a YAML key; in JSON, a
 * key); two neighbours swapped (in JSON, the key order rotated). `at` is taken modulo the file's length.
 */
export const EDIT_OPS = ['insert', 'replace', 'delete', 'comment', 'reorder'] as const;
export type EditOp = (typeof EDIT_OPS)[number];
export interface Edit {
  op: EditOp;
  at: number;
}

export interface FileCase {
  kind: FileKind;
  /** Lines, YAML steps, JSON keys or env variables in v1. */
  size: number;
  executable: boolean;
  /** v1 -> v2: kept at its path, moved (declared in layer.json's `moved`), or removed. */
  template: { fate: 'kept' | 'moved' | 'removed'; edits: Edit[]; chmod: boolean };
  /** After scaffolding v1: kept at its path, renamed (to mine/..., or to where v2 moves it, whether it does or not), or deleted. */
  team: { fate: 'kept' | 'renamed' | 'renamed-as-v2' | 'deleted'; edits: Edit[]; chmod: boolean; crlf: boolean };
}

/** A file only v2 has. */
export interface AddedFile {
  kind: FileKind;
  size: number;
  executable: boolean;
}

export interface UpdateCase {
  files: FileCase[];
  added: AddedFile[];
  style: 'inline' | 'rej';
}

const weighted = <T>(...choices: [T, number][]) => fc.oneof(...choices.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
const rarely = () => fc.nat({ max: 4 }).map((n) => n === 4);
const edits = () => fc.array(fc.record({ op: fc.constantFrom(...EDIT_OPS), at: fc.nat({ max: 12 }) }), { maxLength: 3 });

export const updateCaseArbitrary: fc.Arbitrary<UpdateCase> = fc.record({
  files: fc.array(
    fc.record({
      kind: fc.constantFrom(...FILE_KINDS),
      size: fc.integer({ min: 1, max: 6 }),
      executable: rarely(),
      template: fc.record({ fate: weighted<FileCase['template']['fate']>(['kept', 6], ['moved', 1], ['removed', 1]), edits: edits(), chmod: rarely() }),
      team: fc.record({
        fate: weighted<FileCase['team']['fate']>(['kept', 12], ['renamed', 1], ['renamed-as-v2', 1], ['deleted', 2]),
        edits: edits(),
        chmod: rarely(),
        crlf: rarely(),
      }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  added: fc.array(fc.record({ kind: fc.constantFrom(...FILE_KINDS), size: fc.integer({ min: 1, max: 4 }), executable: rarely() }), { maxLength: 2 }),
  style: fc.constantFrom('inline', 'rej'),
});

/** What each op does to each kind of file, as counted and printed by the test. */
const EDIT_NAMES: Record<FileKind, Record<EditOp, string>> = {
  text: { insert: 'line added', replace: 'line changed', delete: 'line removed', comment: 'comment line added', reorder: 'lines swapped' },
  seed: { insert: 'seed line added', replace: 'seed line changed', delete: 'seed line removed', comment: 'seed comment added', reorder: 'seed lines swapped' },
  yaml: { insert: 'YAML step added', replace: 'YAML step changed', delete: 'YAML step removed', comment: 'YAML comment added', reorder: 'YAML steps swapped' },
  json: { insert: 'JSON key added', replace: 'JSON value changed', delete: 'JSON key removed', comment: 'JSON key added', reorder: 'JSON key order changed' },
  env: { insert: 'env variable added', replace: 'env value changed', delete: 'env line removed', comment: 'env comment added', reorder: 'env lines swapped' },
  binary: { insert: 'binary changed', replace: 'binary changed', delete: 'binary changed', comment: 'binary changed', reorder: 'binary changed' },
};

type Who = 'team' | 'template';

/** A file's content: lines (text, seed, YAML, env), JSON entries in order, or a binary's text after its NUL. */
type Content = { lines: string[] } | { entries: [string, string][] } | { binary: string };

export interface FileVersion {
  path: string;
  content: Buffer;
  executable: boolean;
}

/** One file of the case across its versions; `v2`/`team` absent when removed or deleted. */
export interface FileModel {
  id: number;
  kind: FileKind;
  v1?: FileVersion;
  v2?: FileVersion;
  team?: FileVersion;
}

export interface CaseModel {
  files: FileModel[];
  /** v2's `moved` for the base layer.json. */
  moved: Record<string, string>;
  /** Every edit kind the case exercised (`team: line added`, `template: file moved`, ...), once each. */
  kinds: Set<string>;
}

/** Output path of file `id`, `-moved` when the template moved it; the template source differs only for dotfiles. */
export function outputPath(kind: FileKind, id: number, moved = false): string {
  const m = moved ? '-moved' : '';
  switch (kind) {
    case 'text':
      return `src/file-${id}${m}.txt`;
    case 'seed':
      return `seed/notes-${id}${m}.md`;
    case 'yaml':
      return `config/steps-${id}${m}.yaml`;
    case 'json':
      return `config/app-${id}${m}.json`;
    case 'env':
      return `config/.env.${id}${m}`;
    case 'binary':
      return `assets/blob-${id}${m}.bin`;
  }
}

const templateSource = (path: string) => path.replace(/(^|\/)\./g, '$1_');

function initialContent(kind: FileKind, id: number, size: number): Content {
  const range = Array.from({ length: size }, (_, i) => i);
  switch (kind) {
    case 'text':
    case 'seed':
      return { lines: range.map((i) => `${kind} ${id} line ${i}`) };
    case 'yaml':
      return { lines: [`name: steps-${id}`, 'steps:', ...range.map((i) => `  - run: step ${id}.${i}`)] };
    case 'json':
      return { entries: [['name', `app-${id}`], ...range.map((i): [string, string] => [`key${i}`, `value ${id}.${i}`])] };
    case 'env':
      return { lines: range.flatMap((i) => [`# what VAR_${id}_${i} is for`, `VAR_${id}_${i}=value ${i}`]) };
    case 'binary':
      return { binary: `blob ${id}` };
  }
}

export function render(content: Content): Buffer {
  if ('lines' in content) return Buffer.from(content.lines.map((line) => `${line}\n`).join(''), 'utf8');
  if ('entries' in content) return Buffer.from(`${JSON.stringify(Object.fromEntries(content.entries), null, 2)}\n`, 'utf8');
  return Buffer.concat([Buffer.from('BIN'), Buffer.from([0]), Buffer.from(content.binary)]);
}

/** Applies one edit; returns the new content and the edit's name, or null when it changed nothing (an empty file to remove from). */
function applyEdit(kind: FileKind, id: number, content: Content, edit: Edit, who: Who, n: number): [Content, string | null] {
  const name = `${who}: ${EDIT_NAMES[kind][edit.op]}`;
  const tag = `${who} ${id}.${n}`;
  if ('binary' in content) return [{ binary: `blob ${id} by ${tag}` }, name];
  if ('entries' in content) {
    const entries = [...content.entries];
    const index = entries.length > 0 ? edit.at % entries.length : -1;
    if (edit.op === 'insert' || edit.op === 'comment' || (edit.op === 'replace' && index < 0)) {
      entries.splice(edit.at % (entries.length + 1), 0, [`${who}${n}`, `added by ${tag}`]);
      return [{ entries }, `${who}: ${EDIT_NAMES.json.insert}`];
    }
    if (index < 0) return [content, null];
    if (edit.op === 'replace') entries[index] = [entries[index]![0], `changed by ${tag}`];
    else if (edit.op === 'delete') entries.splice(index, 1);
    else if (entries.length < 2) return [content, null];
    else return [{ entries: [...entries.slice(1 + (edit.at % (entries.length - 1))), ...entries.slice(0, 1 + (edit.at % (entries.length - 1)))] }, name];
    return [{ entries }, name];
  }
  const lines = [...content.lines];
  // YAML edits stay inside the steps list (and keys go at the end), so every version parses.
  const editable = kind === 'yaml' ? lines.flatMap((line, i) => (line.startsWith('  - ') ? [i] : [])) : lines.map((_, i) => i);
  const insertAt = kind === 'yaml' ? [lines.indexOf('steps:') + 1, ...editable.map((i) => i + 1)] : [...lines.keys(), lines.length];
  const pick = (choices: number[]) => choices[edit.at % choices.length];
  const added = (what: string) => {
    if (kind === 'yaml') return `  - run: ${what} by ${tag}`;
    if (kind === 'env') return `${who.toUpperCase()}_${id}_${n}=${what} by ${tag}`;
    return `${kind} ${id} ${what} by ${tag}`;
  };
  switch (edit.op) {
    case 'insert':
      lines.splice(pick(insertAt)!, 0, added('added'));
      return [{ lines }, name];
    case 'comment':
      if (kind === 'yaml' && who === 'template') {
        lines.push(`timeout_${n}: 30`);
        return [{ lines }, `${who}: YAML key added`];
      }
      lines.splice(kind === 'yaml' ? edit.at % (lines.length + 1) : pick(insertAt)!, 0, `# note by ${tag}`);
      return [{ lines }, name];
    case 'replace': {
      const at = pick(editable);
      if (at === undefined) return applyEdit(kind, id, content, { ...edit, op: 'insert' }, who, n);
      const key = kind === 'env' ? /^(\w+)=/.exec(lines[at]!)?.[1] : undefined;
      lines[at] = key ? `${key}=changed by ${tag}` : kind === 'env' ? `# changed by ${tag}` : added('changed');
      return [{ lines }, name];
    }
    case 'delete': {
      const at = pick(editable);
      if (at === undefined) return [content, null];
      lines.splice(at, 1);
      return [{ lines }, name];
    }
    case 'reorder': {
      const pairs = editable.filter((i) => editable.includes(i + 1));
      const at = pick(pairs);
      if (at === undefined) return [content, null];
      [lines[at], lines[at + 1]] = [lines[at + 1]!, lines[at]!];
      return [{ lines }, name];
    }
  }
}

function applyEdits(kind: FileKind, id: number, content: Content, edits: Edit[], who: Who, kinds: Set<string>): Content {
  let current = content;
  for (const [n, edit] of edits.entries()) {
    const [next, name] = applyEdit(kind, id, current, edit, who, n);
    current = next;
    if (name) kinds.add(name);
  }
  return current;
}

/** Every version of every file the case names: v1, v2 (after the template's changes) and the team's. */
export function buildCase(c: UpdateCase): CaseModel {
  const kinds = new Set<string>([`style: ${c.style}`]);
  const moved: Record<string, string> = {};
  const files: FileModel[] = c.files.map((file, id) => {
    kinds.add(`file: ${file.kind}`);
    const base = initialContent(file.kind, id, file.size);
    const v1: FileVersion = { path: outputPath(file.kind, id), content: render(base), executable: file.executable };
    const model: FileModel = { id, kind: file.kind, v1 };
    if (file.template.fate === 'removed') kinds.add('template: file removed');
    else {
      const path = outputPath(file.kind, id, file.template.fate === 'moved');
      if (file.template.fate === 'moved') {
        moved[v1.path] = path;
        kinds.add('template: file moved');
      }
      if (file.template.chmod) kinds.add('template: mode changed');
      const content = render(applyEdits(file.kind, id, base, file.template.edits, 'template', kinds));
      model.v2 = { path, content, executable: file.executable !== file.template.chmod };
    }
    if (file.team.fate === 'deleted') kinds.add('team: file deleted');
    else {
      let content = render(applyEdits(file.kind, id, base, file.team.edits, 'team', kinds));
      if (file.team.crlf && file.kind !== 'binary') {
        content = Buffer.from(content.toString('utf8').replace(/\n/g, '\r\n'), 'utf8');
        kinds.add('team: CRLF line endings');
      }
      if (file.team.chmod) kinds.add(file.executable ? 'team: chmod -x' : 'team: chmod +x');
      if (file.team.fate !== 'kept') kinds.add(`team: file ${file.team.fate}`);
      const path =
        file.team.fate === 'renamed' ? `mine/renamed-${id}-${v1.path.split('/').at(-1)}` : file.team.fate === 'renamed-as-v2' ? outputPath(file.kind, id, true) : v1.path;
      model.team = { path, content, executable: file.executable !== file.team.chmod };
    }
    return model;
  });
  for (const [index, file] of c.added.entries()) {
    const id = c.files.length + index;
    kinds.add('template: file added');
    files.push({ id, kind: file.kind, v2: { path: outputPath(file.kind, id), content: render(initialContent(file.kind, id, file.size)), executable: file.executable } });
  }
  return { files, moved, kinds };
}

/** Fixed across versions: one rendered file and the overlays every pilot selects. */
const FIXED: Record<string, string> = {
  'base/files/README.md.hbs': '# {{name}}\n\n{{description}}\n',
  'use-cases/classify/layer.json': manifest({ id: 'classify', kind: 'use-case' }),
  'use-cases/classify/files/src/pipeline.ts': 'export const useCase = "classify";\n',
  'connectors/sqlite/layer.json': manifest({ id: 'sqlite', kind: 'connector' }),
  'connectors/sqlite/files/src/connectors/index.ts': 'export {};\n',
  'auth/api-key/layer.json': manifest({ id: 'api-key', kind: 'auth' }),
  'auth/api-key/files/src/auth/index.ts': 'export {};\n',
};

/** Writes one version of the template set: the fixed layers, and the case's files in base with their modes. */
export function writeTemplates(root: string, version: string, files: readonly FileVersion[], moved: Record<string, string> = {}): string {
  const base = manifest({
    id: 'base',
    kind: 'base',
    version,
    moved,
    ownership: { seed: ['seed/**'], structured: ['**/*.json', '**/*.yaml', '**/.env*'] },
  });
  for (const [path, content] of Object.entries({ ...FIXED, 'base/layer.json': base })) writeFile(join(root, path), content, false);
  for (const file of files) writeFile(join(root, 'base/files', templateSource(file.path)), file.content, file.executable);
  return root;
}

/** The team's edits on the scaffolded pilot: each file rewritten, renamed, deleted or chmodded as the case says. */
export function applyTeamEdits(pilotDir: string, model: CaseModel): void {
  for (const file of model.files) {
    if (!file.v1) continue;
    rmSync(join(pilotDir, file.v1.path));
    if (file.team) writeFile(join(pilotDir, file.team.path), file.team.content, file.team.executable);
  }
}

function writeFile(path: string, content: string | Buffer, executable: boolean): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, executable ? 0o755 : 0o644);
}
