// A pilot's README, RUNBOOK and docs/ only name what the pilot has: every file path in them exists
// in a fresh pilot (or is one the pilot makes when it runs, listed below with why), every
// `<manager> run <script>` names a script of its package.json, in the manager it was generated for,
// and every setting they name (PILOT_*, OIDC_*, OPENAI_*, DATABASE_URL) is in its .env.example.
// Checked for every use case (with every connector and auth among them) under every package manager,
// scaffolded as `pnpm create` / `yarn create` / `bun create` would run the CLI (npm_config_user_agent).
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { PACKAGE_MANAGERS, PACKAGE_MANAGER_FACTS, type PackageManager } from '@pilot-slice/core';
import { describe, expect, inject, it } from 'vitest';
import { combosOf, sampleCombos } from '../../support/pilot-matrix.js';
import { runCli, workDir } from '../../support/run-cli.js';

/** Paths the docs name that a pilot makes when it runs, not when it is generated. */
const MADE_LATER = [
  'dist/', // npm run build
  '.pilot-run/', // eval and readiness compile src/ here
  'evals/reports/', // each eval run's report; graduation's page
  'evals/cases/imported-', // cases:import
  'evals/candidates/', // POST /v1/feedback
  'node_modules/', // the install (its cache folder)
  'data/sample.sqlite', // the sqlite connector builds it from data/seed.sql on first use
  'report.', // report.json, .md, .html: files inside a report folder
  '.env', // copied from .env.example by the team
];

/** Variables the docs name that are not the pilot's settings, so not in .env.example. */
const NOT_SETTINGS = [
  /^PILOT_TEST_/, // the servers the pilot's own tests use (docs/data.md: the postgres tests)
  /^PILOT_KEY$/, // a shell variable holding a caller's key in the api-key curl example
];

const USER_AGENT_VERSIONS: Record<PackageManager, string> = { npm: '11.6.0', pnpm: '12.0.0', yarn: '1.22.22', bun: '1.3.1' };

/** Code spans and link targets that look like a path in the pilot (not a route, URL, MIME type, package or bare extension). */
function namedPaths(markdown: string): string[] {
  const spans = [...markdown.matchAll(/`([^`\n]+)`/g), ...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => (m[1] ?? '').split('#')[0] ?? '');
  return spans.filter((span) => {
    if (!span || /\s/.test(span) || /^[/<@.]?[^/]*:\/\//.test(span) || /^[/<@]/.test(span) || /^\.[a-z]+$/.test(span)) return false;
    if (/^(text|application)\//.test(span) || /[<{]/.test(span) || /^[\d.:]*\/\d+$/.test(span)) return false; // MIME types, placeholders, CIDRs
    return span.includes('/') || /\.(ts|mjs|js|md|json|jsonl|ya?ml|sql|sqlite|csv|html|sha256)$/.test(span) || /^(Dockerfile|\.[a-z]+ignore)$/.test(span);
  });
}

/** Whether the path, maybe with a `*` in its last segment (`test/*.test.ts`), names something in the pilot. */
async function existsIn(dir: string, path: string): Promise<boolean> {
  if (!path.includes('*')) return existsSync(join(dir, path));
  const parent = posix.dirname(path);
  const pattern = new RegExp(`^${posix.basename(path).replaceAll('.', '\\.').replaceAll('*', '[^/]*')}$`);
  return existsSync(join(dir, parent)) && (await readdir(join(dir, parent))).some((name) => pattern.test(name));
}

async function docsOf(dir: string): Promise<Array<{ file: string; text: string }>> {
  const files = ['README.md', 'RUNBOOK.md', ...(await readdir(join(dir, 'docs'))).map((name) => `docs/${name}`)];
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(join(dir, file), 'utf8') })));
}

describe("a pilot's docs name only what it has", async () => {
  const listed = JSON.parse((await runCli(['list', '--json'], process.cwd())).stdout);
  const combos = sampleCombos(combosOf(listed));

  describe.concurrent.each(PACKAGE_MANAGERS)('generated under %s', (manager) => {
    const facts = PACKAGE_MANAGER_FACTS[manager];
    const env = { npm_config_user_agent: `${manager}/${USER_AGENT_VERSIONS[manager]} npm/? node/${inject('nodeLine').version} linux x64` };

    it.each(combos)('$useCase × $connector × $auth: every path and script its README, RUNBOOK and docs/ name', { timeout: 120_000 }, async (combo) => {
      const cwd = await workDir('file'); // concurrent: a per-test folder would be removed under the others
      const flags = ['--use-case', combo.useCase, '--connector', combo.connector, '--auth', combo.auth];
      const created = await runCli(['pilot', '--owner', '@acme/docs', '--no-install', '--no-git', ...flags], cwd, env);
      expect(created.exitCode, created.all).toBe(0);
      const dir = join(cwd, 'pilot');
      const scripts = Object.keys(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).scripts);

      // A setting left commented out (`# PILOT_TRUSTED_PROXIES_ALLOW_WIDE=1`, an opt-in) is documented there too.
      const settings = new Set([...(await readFile(join(dir, '.env.example'), 'utf8')).matchAll(/^(?:# ?)?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

      const missing: string[] = [];
      let checkedPaths = 0;
      let checkedScripts = 0;
      for (const { file, text } of await docsOf(dir)) {
        for (const path of namedPaths(text)) {
          if (MADE_LATER.some((later) => path.startsWith(later)) || path === facts.lockfile) continue;
          checkedPaths++;
          if (!(await existsIn(dir, path))) missing.push(`${file} names ${path}, which the pilot does not have`);
        }
        for (const match of text.matchAll(/\b(npm|pnpm|yarn|bun) (?:run ([\w:.-]+)|(start|test)\b)/g)) {
          const [command, used, script] = [match[0], match[1], match[2] ?? match[3]];
          checkedScripts++;
          if (used !== manager) missing.push(`${file} says "${command}" in a ${manager} pilot`);
          if (script && !scripts.includes(script)) missing.push(`${file} runs ${script}, which package.json does not have`);
        }
        for (const [variable] of text.matchAll(/\b(?:(?:PILOT|OIDC|OPENAI)_[A-Z0-9_]+|DATABASE_URL)\b/g)) {
          if (!settings.has(variable) && !NOT_SETTINGS.some((pattern) => pattern.test(variable))) missing.push(`${file} names ${variable}, which .env.example does not have`);
        }
      }
      expect(missing).toEqual([]);
      // The check saw what the docs are about: the layout table, the connector's and auth's docs, the scripts.
      expect(checkedPaths).toBeGreaterThan(30);
      expect(checkedScripts).toBeGreaterThan(10);
    });
  });
});
