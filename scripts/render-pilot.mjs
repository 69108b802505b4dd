#!/usr/bin/env node
// Developer tool: renders a pilot straight from the repo's templates/ (no build, no copy), so template
// work can be checked without rebuilding the CLI. Usage:
//   node scripts/render-pilot.mjs <target> [--use-case classify] [--connector sqlite] [--auth api-key] [--owner @acme/x]
//     [--labels a,b] [--queues a,b] [--priorities a,b] [--fields name:type,...]
//     [--package-manager npm|pnpm|yarn|bun]
//     [--templates <dir>]   render from another templates root (e.g. a copy of just the layers you need,
//                           while another layer under templates/ is half-written)
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyPlan, loadCatalog, planScaffold, resolveAnswers } from '@pilot-slice/core';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'use-case': { type: 'string' },
    connector: { type: 'string' },
    auth: { type: 'string' },
    owner: { type: 'string', default: '@acme/support-ai' },
    oncall: { type: 'string' },
    description: { type: 'string' },
    'package-manager': { type: 'string' },
    templates: { type: 'string' },
    labels: { type: 'string' },
    queues: { type: 'string' },
    priorities: { type: 'string' },
    fields: { type: 'string' },
  },
});
const target = positionals[0];
if (!target) {
  console.error('usage: node scripts/render-pilot.mjs <target> [--use-case id] [--connector id] [--auth id] [--templates dir]');
  process.exit(2);
}
const templatesDir = values.templates ? resolve(values.templates) : new URL('../templates', import.meta.url).pathname;
const catalog = await loadCatalog(templatesDir);
const flags = Object.fromEntries(
  Object.entries({
    useCase: values['use-case'],
    connector: values.connector,
    auth: values.auth,
    owner: values.owner,
    oncall: values.oncall,
    description: values.description,
    labels: values.labels,
    queues: values.queues,
    priorities: values.priorities,
    fields: values.fields,
    packageManager: values['package-manager'],
  }).filter(([, v]) => v !== undefined),
);
const answers = resolveAnswers({ flags: { name: 'dev-pilot', ...flags } });
const plan = await planScaffold({ catalog, targetDir: resolve(target), answers, generator: { name: 'create-pilot-slice', version: '0.0.0-dev' } });
await applyPlan(plan);
console.log(`rendered ${plan.changes.length} files into ${resolve(target)} (${answers.useCase}, ${answers.connector}, ${answers.auth})`);
