import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../tree/hash.js';
import { decide } from './decide.js';
import { loadMergeLibs } from './merge-libs.js';
import { mergeStructured3, structuredKindOf } from './structured-merge.js';
import { keepCommentOnlyEdits, mergeText } from './text-merge.js';

const labels = { ours: 'yours', base: 'template 1 (last update)', theirs: 'template 2 (after updating)' };
beforeAll(loadMergeLibs);

describe('mergeText', () => {
  it('merges edits to different lines and marks a clash with labelled markers', () => {
    const base = 'a\nb\nc\nd\ne\n';
    expect(mergeText('A\nb\nc\nd\ne\n', base, 'a\nb\nc\nd\nE\n', labels)).toEqual({ text: 'A\nb\nc\nd\nE\n', conflicts: 0, rejects: '' });
    const clash = mergeText('a\nB1\nc\n', 'a\nb\nc\n', 'a\nB2\nc\n', labels);
    expect(clash.conflicts).toBe(1);
    expect(clash.text).toBe('a\n<<<<<<< yours\nB1\n||||||| template 1 (last update)\nb\n=======\nB2\n>>>>>>> template 2 (after updating)\nc\n');
  });

  it('keeps a CRLF file CRLF when the templates are LF', () => {
    const merged = mergeText('a\r\nB\r\nc\r\nd\r\n', 'a\nb\nc\nd\n', 'a\nb\nc\nD\n', labels);
    expect(merged.text).toBe('a\r\nB\r\nc\r\nD\r\n');
  });

  it("with the rej style keeps the team's lines and writes the template's hunk beside them", () => {
    const merged = mergeText('a\nB1\nc\n', 'a\nb\nc\n', 'a\nB2\nc\n', labels, 'rej');
    expect(merged.text).toBe('a\nB1\nc\n');
    expect(merged.rejects).toBe(
      '@@ line 2: the template changed these lines, and so did you; apply by hand\n--- template 1 (last update)\n-b\n+++ template 2 (after updating)\n+B2\n',
    );
  });

  it('puts a marker on its own line after a last line without a newline', () => {
    expect(mergeText('x', '', 'y', labels).text).toBe('<<<<<<< yours\nx\n||||||| template 1 (last update)\n=======\ny\n>>>>>>> template 2 (after updating)\n');
  });
});

describe('mergeStructured3', () => {
  it('package.json: a dependency bump and a script added never clash; a key both changed does', () => {
    const base = '{\n  "scripts": { "test": "vitest" },\n  "dependencies": { "zod": "^3.0.0" }\n}\n';
    const ours = '{\n  "scripts": { "test": "vitest", "lint": "biome check" },\n  "dependencies": { "zod": "^3.0.0" }\n}\n';
    const theirs = '{\n  "scripts": { "test": "vitest run" },\n  "dependencies": { "zod": "^4.0.0", "pino": "^9.0.0" }\n}\n';
    expect(JSON.parse(mergeStructured3('json', ours, base, theirs, labels)?.text ?? 'null')).toEqual({
      scripts: { test: 'vitest run', lint: 'biome check' },
      dependencies: { zod: '^4.0.0', pino: '^9.0.0' },
    });
    const clash = '{\n  "scripts": { "test": "jest" },\n  "dependencies": { "zod": "^3.0.0" }\n}\n';
    // The clash is marked on that key alone; the dependency bump still arrives.
    const merged = mergeStructured3('json', clash, base, theirs, labels);
    expect(merged?.conflicts).toBe(1);
    expect(merged?.text).toContain('<<<<<<< yours\n    "test": "jest"\n||||||| template 1 (last update)\n    "test": "vitest"\n=======\n    "test": "vitest run"\n>>>>>>>');
    expect(merged?.text).toContain('"zod": "^4.0.0"');
  });

  it("YAML: the team's comments and thresholds stay, the template's new keys arrive", () => {
    const base = 'metrics:\n  - { id: accuracy, min: 0.85 }\nlatency:\n  p95_ms: 4000\n';
    const ours = '# our bar, agreed with support on 2026-11-02\nmetrics:\n  - { id: accuracy, min: 0.9 }\nlatency:\n  p95_ms: 4000 # the SLA\n';
    const theirs = 'metrics:\n  - { id: accuracy, min: 0.85 }\nlatency:\n  p95_ms: 4000\nerrors:\n  max_rate: 0.05\n';
    expect(mergeStructured3('yaml', ours, base, theirs, labels)?.text).toBe(`${ours}errors:\n  max_rate: 0.05\n`);
  });

  it('.env.example: variables merge by name, each with the comment above it', () => {
    const base = '# model\nPILOT_MODEL=\n';
    const ours = '# model\nPILOT_MODEL=gpt-x\n# ours\nTEAM_FLAG=1\n';
    const theirs = '# model\nPILOT_MODEL=\n# fallback when the model is down\nPILOT_FALLBACK=\n';
    expect(mergeStructured3('env', ours, base, theirs, labels)?.text).toBe('# model\nPILOT_MODEL=gpt-x\n# ours\nTEAM_FLAG=1\n# fallback when the model is down\nPILOT_FALLBACK=\n');
  });

  it("ignore files: lines the template adds are added, lines it removes are removed, the team's stay", () => {
    expect(mergeStructured3('lines', 'node_modules/\n.env\nmine/\n', 'node_modules/\n.env\n', 'node_modules/\ndist/\n', labels)?.text).toBe('node_modules/\nmine/\ndist/\n');
  });

  it('knows each structured kind by its name', () => {
    expect(['package.json', 'success-criteria.yaml', '.github/workflows/pilot.yml', '.env.example', '.gitignore', 'README.md'].map(structuredKindOf)).toEqual([
      'json',
      'yaml',
      'yaml',
      'env',
      'lines',
      null,
    ]);
  });
});

describe('a workflow merged by decide (line merge first, structured only where lines clash)', () => {
  const side = (text: string) => ({ content: Buffer.from(text), executable: false });
  const merged = (ours: string, base: string, theirs: string, path = '.github/workflows/pilot.yml') => {
    const outcome = decide({
      path,
      policy: 'structured',
      recordedSha256: sha256(Buffer.from(base)),
      base: side(base),
      ours: side(ours),
      theirs: side(theirs),
      labels,
      style: 'inline',
    });
    return { kind: outcome.kind, text: 'result' in outcome ? outcome.result?.content.toString('utf8') : undefined };
  };
  const longRun = `npx some-tool --with-a-very-long-flag-list ${'--flag '.repeat(20)}`.trim();
  const base = [
    'on:',
    '  push:',
    '    branches: [main]',
    'jobs:',
    '  test:',
    '    steps:',
    '      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0',
    '      - run: |',
    '          npm ci',
    `          ${longRun}`,
    '      - run: npm test',
    '',
  ].join('\n');
  const theirs = base.replace('      - run: npm test\n', '      - run: npm test\n      - run: npm run eval\n');

  it("a comment is a change: the team's only edit, a comment, stays beside the template's new step, every line as written", () => {
    const ours = base.replace('    steps:\n', '    steps:\n      # our runners need the cache warmed first\n');
    const result = merged(ours, base, theirs);
    expect(result.kind).toBe('merged');
    expect(result.text).toBe(theirs.replace('    steps:\n', '    steps:\n      # our runners need the cache warmed first\n'));
  });

  it("where the lines clash, the list merges item by item in the team's own document: comments, [main], block scalars and long lines kept", () => {
    // Both append a step at the same place: a line clash, but two different items to a list merge.
    const ours = base.replace('      - run: npm test\n', '      - run: npm test\n      - run: npm run lint # ours\n');
    const result = merged(ours, base, theirs);
    expect(result.kind).toBe('merged');
    expect(result.text).toContain('    branches: [main]\n');
    expect(result.text).toContain('# v5.0.0\n');
    expect(result.text).toContain(`      - run: |\n          npm ci\n          ${longRun}\n`);
    expect(result.text).toContain('      - run: npm run lint # ours\n');
    expect(result.text).toContain('      - run: npm run eval\n');
  });

  it('a step both sides changed differently is marked alone, the rest merged', () => {
    const ours = base.replace('      - run: npm test\n', '      - run: npm test -- --reporter=dot\n').replace('[main]', '[main, release]');
    const template = base.replace('      - run: npm test\n', '      - run: npm run test:ci\n');
    const outcome = decide({
      path: '.github/workflows/pilot.yml',
      policy: 'structured',
      recordedSha256: sha256(Buffer.from(base)),
      base: side(base),
      ours: side(ours),
      theirs: side(template),
      labels,
      style: 'inline',
    });
    expect(outcome.kind).toBe('conflicted');
    const text = 'result' in outcome ? (outcome.result?.content.toString('utf8') ?? '') : '';
    expect(text).toContain('[main, release]');
    expect(text.match(/^<<<<<<< /gm)).toHaveLength(1);
    expect(text).toMatch(/<<<<<<< yours\n {6}- run: npm test -- --reporter=dot\n\|\|\|\|\|\|\| .*\n {6}- run: npm test\n=======\n {6}- run: npm run test:ci\n>>>>>>> /);
  });

  it("package.json keeps the team's key order, indentation and CRLF when it falls back to keys", () => {
    const base = '{\r\n    "name": "p",\r\n    "scripts": {\r\n        "test": "vitest"\r\n    },\r\n    "dependencies": {\r\n        "zod": "^3.0.0"\r\n    }\r\n}\r\n';
    // The team moved dependencies first and bumped zod's neighbour line; the template bumps zod itself.
    const ours =
      '{\r\n    "dependencies": {\r\n        "zod": "^3.0.0",\r\n        "pino": "^9.0.0"\r\n    },\r\n    "name": "p",\r\n    "scripts": {\r\n        "test": "vitest"\r\n    }\r\n}\r\n';
    const template = base.replace('^3.0.0', '^4.0.0');
    const result = merged(ours, base, template, 'package.json');
    expect(result.kind).toBe('merged');
    expect(result.text).toBe(ours.replace('^3.0.0', '^4.0.0'));
  });
});

describe('keepCommentOnlyEdits', () => {
  it("a hunk where the team only added a comment takes the template's lines with the comment before the line it stood above", () => {
    const base = 'permissions:\n  contents: read\njobs:\n  gate:\n    runs-on: ubuntu-latest\n';
    const ours = 'permissions:\n  contents: read\n# ours: shared runners\njobs:\n  gate:\n    runs-on: ubuntu-latest\n';
    const theirs = 'permissions:\n  contents: read\n  id-token: write\njobs:\n  gate:\n    runs-on: ubuntu-24.04\n';
    expect(mergeText(ours, base, theirs, labels).conflicts).toBe(1);
    expect(mergeText(ours, base, theirs, labels, 'inline', keepCommentOnlyEdits)).toEqual({
      text: 'permissions:\n  contents: read\n  id-token: write\n# ours: shared runners\njobs:\n  gate:\n    runs-on: ubuntu-24.04\n',
      conflicts: 0,
      rejects: '',
    });
  });

  it('a hunk both sides changed in code stays a conflict', () => {
    const merged = mergeText('a: 1 # ours\nb: 2\n', 'a: 1\nb: 1\n', 'a: 1\nb: 3\n', labels, 'inline', keepCommentOnlyEdits);
    expect(merged.conflicts).toBe(1);
  });
});
