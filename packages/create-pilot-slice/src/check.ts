import { PilotSliceError, assertNotDowngrade, checkPilot } from '@pilot-slice/core';
import type { CheckOptions } from './args.js';
import { EXIT } from './exit-codes.js';
import { GENERATOR } from './generator.js';
import { type Io, say } from './io.js';
import { generatorMismatch, openPilot } from './maintain.js';
import { loadTemplates } from './templates.js';

/** `check`: 0 up to date, 1 behind (naming what changed), 2 on error or a pilot newer than this CLI. For a scheduled CI job. */
export async function check(options: CheckOptions, io: Io): Promise<number> {
  const pilot = openPilot(io, options.dir, 'check');
  const mismatch = generatorMismatch(pilot.provenance, GENERATOR.name);
  if (mismatch) throw new PilotSliceError('NOT_A_PILOT', mismatch);
  const { catalog } = await loadTemplates(io.templates);
  // A pilot newer than this CLI is not "up to date": this CLI cannot say what it lacks.
  assertNotDowngrade(pilot.provenance, GENERATOR, catalog);
  const result = checkPilot(pilot.provenance, catalog, GENERATOR);
  if (options.json) say(io, JSON.stringify({ pilot: pilot.shown, ...result }, null, 2));
  else if (result.upToDate) say(io, `${pilot.shown} is up to date with ${GENERATOR.name} ${GENERATOR.version}`);
  else {
    say(io, `${pilot.shown} is behind: made with ${result.generator.name} ${result.generator.from}, this is ${result.generator.to}`);
    for (const layer of result.layers) say(io, `  ${layer.kind}/${layer.id}: ${layer.from} -> ${layer.to ?? 'no longer shipped'}`);
    say(io, `Run npx ${GENERATOR.name}@${GENERATOR.version} update in it to bring the changes in.`);
  }
  return result.upToDate ? EXIT.ok : EXIT.failed;
}
