// Preloaded into each timed CLI with `node --require`. On exit it writes the process's own
// peak resident set size (getrusage ru_maxrss, in kB on Linux) to the file named by
// BENCH_RSS_FILE. Measuring from inside the process works the same on Linux and macOS and
// needs no /usr/bin/time; it is exact here because with --no-install/--no-git neither CLI
// spawns a child process, so the process's own peak is the whole peak.
// CommonJS and --require, not an ES module and --import: an --import preload starts Node's ES
// module loader before the CLI runs, which a CommonJS CLI would otherwise never pay for.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
