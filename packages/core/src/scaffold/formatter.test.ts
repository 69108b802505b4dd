// The widths listLiteral lays lists out with come from the biome.json the pilot gets.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../layers/catalog.js';
import { minimalTemplates, sampleAnswers, testGenerator, writeTree } from '../test-utils/fixtures.js';
import { planScaffold } from './plan-scaffold.js';

const PIPELINE = 'use-cases/classify/files/src/pipeline.ts';
const LIST = '{{listLiteral labels before="export const labels = " after=";"}}\n';

async function pipelineWith(extra: Record<string, string>): Promise<string | undefined> {
  const templates = minimalTemplates({ [`${PIPELINE}.hbs`]: LIST, ...extra });
  delete templates[PIPELINE];
  const catalog = await loadCatalog(await writeTree(templates));
  const answers = { ...sampleAnswers, labels: ['refund', 'shipping', 'other'] };
  const plan = await planScaffold({ catalog, targetDir: '/tmp/never-written', answers, generator: testGenerator });
  return plan.changes.find((change) => change.path === 'src/pipeline.ts')?.content?.toString('utf8');
}

describe('the formatter settings templates render with', () => {
  it("follow the base layer's biome.json: its lineWidth and indentWidth", async () => {
    const biome = JSON.stringify({ formatter: { lineWidth: 40, indentWidth: 4 } });
    expect(await pipelineWith({ 'base/files/biome.json': biome })).toBe("export const labels = [\n    'refund',\n    'shipping',\n    'other',\n];\n");
    const wide = JSON.stringify({ formatter: { lineWidth: 60 } });
    expect(await pipelineWith({ 'base/files/biome.json': wide })).toBe("export const labels = ['refund', 'shipping', 'other'];\n");
  });

  it("are biome's defaults (80 columns, 2 spaces) without a biome.json", async () => {
    expect(await pipelineWith({})).toBe("export const labels = ['refund', 'shipping', 'other'];\n");
  });

  it('refuse a biome.json that is not JSON, naming it', async () => {
    await expect(pipelineWith({ 'base/files/biome.json': '{ formatter: ' })).rejects.toThrow(/base\/files\/biome\.json: not valid JSON/);
  });
});
