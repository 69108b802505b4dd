// The kit's engine tests (statistics, reports, the model client, the audit appender, redaction...)
// prove code that is the same in every pilot, so they run here once, against one generated pilot,
// instead of being copied into every team's `npm test` (templates/base/kit-tests/).
import { cp, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { linkSharedDependencies, npmRun } from '../../support/pilot.js';

const KIT_TESTS = join(dirname(fileURLToPath(import.meta.url)), '../../../templates/base/kit-tests');

describe('the kit engine tests', () => {
  it('pass inside a generated pilot, where they import the kit as the team has it', { timeout: 600_000 }, async () => {
    const pilot = inject('matrix').find((combo) => combo.useCase === 'classify' && combo.connector === 'sqlite' && combo.auth === 'api-key');
    expect(pilot, 'the matrix has the default pilot').toBeDefined();
    await linkSharedDependencies(pilot!.dir);
    const files = (await readdir(KIT_TESTS)).filter((name) => name.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(5);
    // A copy of the pilot, so the matrix test of the same pilot sees only what the team gets.
    const copy = `${pilot!.dir}-kit-engine`;
    await cp(pilot!.dir, copy, { recursive: true, verbatimSymlinks: true });
    for (const file of files) await cp(join(KIT_TESTS, file), join(copy, 'test/kit', file));
    const run = await npmRun(copy, 'test');
    expect(run.exitCode, run.all).toBe(0);
    const passedFiles = Number(/Test Files\s+(\d+) passed/.exec(run.stdout)?.[1] ?? 0);
    expect(passedFiles, run.all).toBeGreaterThanOrEqual(files.length);
  });
});
