// The redaction benchmark: a generated pilot's `redact()` (src/kit/connectors/redact.ts, imported
// from the rendered pilot) on 1 MB and 2 MB of adversarial text, the inputs that make backtracking
// patterns blow up: a long word before a lone '@', digit runs split by every separator, IBAN-like
// prefixes, '@'s with no domain, token prefixes and JWT-like segments with nothing after them. Linear time means 2 MB takes about twice as long as 1 MB; the
// target allows 2.5x for noise. The peer, measured in the same run, is the email regex the kit
// used before (quadratic: 100 kB took 18 s), on inputs fifty times smaller so it finishes.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderBenchPilot } from './bench-pilot.js';
import { median } from './stats.js';
import { type Row, ms, verdict } from './table.js';

export const REDACT_TARGET = { ratio: 2.5 };
export const REDACT_MEASURE = 'redact 2 MB / 1 MB adversarial text';
const ROUNDS = 5;

/** The kit's email rule before the scanners (templates/base, until this benchmark's commit). */
const OLD_EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;

/** `bytes` of text cycling through the shapes that hurt a backtracking matcher. */
function adversarial(bytes: number): string {
  const blocks = [
    `${'a'.repeat(20_000)}@ `,
    `${'1 '.repeat(5_000)}x `,
    `${'4111-'.repeat(2_000)}x `,
    `${'DE89 '.repeat(2_000)}x `,
    `${'a@'.repeat(5_000)} `,
    `${'+('.repeat(2_000)}1 `,
    `x@${'b.'.repeat(5_000)}1 `,
    `${'DE89-'.repeat(2_000)}x `,
    `${'1    '.repeat(2_000)}x `,
    `${'sk-'.repeat(5_000)} `,
    `${'eyJaaaaaaaaaa.'.repeat(1_000)} `,
    `${'Bearer '.repeat(2_000)} `,
  ];
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += blocks[i % blocks.length];
  return text.slice(0, bytes);
}

function timeMs(run: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function redactRows(): Promise<Row[]> {
  const pilot = await renderBenchPilot('redact bench');
  try {
    const { redact } = (await import(pathToFileURL(join(pilot.dir, 'src/kit/connectors/redact.ts')).href)) as { redact: (text: string) => string };
    console.log(`Redacting 1 MB and 2 MB of adversarial text, ${ROUNDS} runs each; the old email regex on 10 kB and 20 kB...`);
    const one = adversarial(1_000_000);
    const two = adversarial(2_000_000);
    redact(one); // warm-up: compile the scanners before timing them
    const oursOne = timeMs(() => redact(one));
    const oursTwo = timeMs(() => redact(two));
    `${'a'.repeat(5_000)}@`.replace(OLD_EMAIL, '[email]'); // its warm-up
    const oldTen = timeMs(() => `${'a'.repeat(10_000)}@`.replace(OLD_EMAIL, '[email]'));
    const oldTwenty = timeMs(() => `${'a'.repeat(20_000)}@`.replace(OLD_EMAIL, '[email]'));
    const ratio = oursTwo / oursOne;
    return [
      { measure: `  ours: 1 MB / 2 MB`, value: `${ms(oursOne)} / ${ms(oursTwo)}`, target: '', result: '' },
      { measure: REDACT_MEASURE, value: `${ratio.toFixed(2)}x`, target: `<= ${REDACT_TARGET.ratio}x`, result: verdict(ratio <= REDACT_TARGET.ratio) },
      {
        measure: `  old email regex 20 kB / 10 kB (${ms(oldTwenty)} / ${ms(oldTen)})`,
        value: `${(oldTwenty / oldTen).toFixed(2)}x`,
        target: 'reported',
        result: '',
      },
      { measure: '  old regex on 20 kB / ours on 1 MB', value: `${(oldTwenty / oursOne).toFixed(2)}x`, target: 'reported', result: '' },
    ];
  } finally {
    await pilot.remove();
  }
}
