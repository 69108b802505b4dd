import { beforeAll, describe, expect, it } from 'vitest';
import { loadMergeLibs } from './merge-libs.js';
import { mergeStructured3, structuredKindOf } from './structured-merge.js';
import { mergeText } from './text-merge.js';

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
    expect(JSON.parse(mergeStructured3('json', ours, base, theirs) ?? 'null')).toEqual({
      scripts: { test: 'vitest run', lint: 'biome check' },
      dependencies: { zod: '^4.0.0', pino: '^9.0.0' },
    });
    const clash = '{\n  "scripts": { "test": "jest" },\n  "dependencies": { "zod": "^3.0.0" }\n}\n';
    expect(mergeStructured3('json', clash, base, theirs)).toBeNull();
  });

  it("YAML: the team's comments and thresholds stay, the template's new keys arrive", () => {
    const base = 'metrics:\n  - { id: accuracy, min: 0.85 }\nlatency:\n  p95_ms: 4000\n';
    const ours = '# our bar, agreed with support on 2026-11-02\nmetrics:\n  - { id: accuracy, min: 0.9 }\nlatency:\n  p95_ms: 4000 # the SLA\n';
    const theirs = 'metrics:\n  - { id: accuracy, min: 0.85 }\nlatency:\n  p95_ms: 4000\nerrors:\n  max_rate: 0.05\n';
    expect(mergeStructured3('yaml', ours, base, theirs)).toBe(`${ours}errors:\n  max_rate: 0.05\n`);
  });

  it('.env.example: variables merge by name, each with the comment above it', () => {
    const base = '# model\nPILOT_MODEL=\n';
    const ours = '# model\nPILOT_MODEL=gpt-x\n# ours\nTEAM_FLAG=1\n';
    const theirs = '# model\nPILOT_MODEL=\n# fallback when the model is down\nPILOT_FALLBACK=\n';
    expect(mergeStructured3('env', ours, base, theirs)).toBe('# model\nPILOT_MODEL=gpt-x\n# ours\nTEAM_FLAG=1\n# fallback when the model is down\nPILOT_FALLBACK=\n');
  });

  it("ignore files: lines the template adds are added, lines it removes are removed, the team's stay", () => {
    expect(mergeStructured3('lines', 'node_modules/\n.env\nmine/\n', 'node_modules/\n.env\n', 'node_modules/\ndist/\n')).toBe('node_modules/\nmine/\ndist/\n');
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
