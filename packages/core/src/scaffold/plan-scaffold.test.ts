// Tree tests: the shipped templates rendered into memory, checked as a plan, with nothing written.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_MANAGERS, PACKAGE_MANAGER_FACTS, PACKAGE_MANAGER_MAJORS } from '../answers/package-managers.js';
import { PROVENANCE_FILE, parseProvenance } from '../answers/provenance.js';
import { type Catalog, loadCatalog } from '../layers/catalog.js';
import { sampleAnswers, testGenerator } from '../test-utils/fixtures.js';
import { sha256 } from '../tree/hash.js';
import type { Plan } from '../tree/plan.js';
import { planScaffold } from './plan-scaffold.js';

const TEMPLATES = fileURLToPath(new URL('../../../../templates', import.meta.url));

let catalog: Catalog;
let plan: Plan;
const text = (path: string) => plan.changes.find((change) => change.path === path)?.content?.toString('utf8');

beforeAll(async () => {
  catalog = await loadCatalog(TEMPLATES);
  plan = await planScaffold({ catalog, targetDir: '/tmp/never-written', answers: sampleAnswers, generator: testGenerator });
});

describe('planScaffold over the shipped templates', () => {
  it('creates every file of the pilot layout', () => {
    const paths = plan.changes.map((change) => change.path);
    for (const required of [
      'README.md',
      'RUNBOOK.md',
      'success-criteria.yaml',
      'evals/criteria.md',
      'src/pipeline.ts',
      'src/kit/server.ts',
      'src/kit/readiness.ts',
      'src/connector.ts',
      'src/auth.ts',
      'src/score.ts',
      '.github/CODEOWNERS',
      '.github/workflows/pilot.yml',
      '.env.example',
      '.gitignore',
      'Dockerfile',
      'package.json',
      'tsconfig.json',
      'tsconfig.build.json',
      '.github/dependabot.yml',
      PROVENANCE_FILE,
    ]) {
      expect(paths, required).toContain(required);
    }
    expect(paths.some((path) => /^evals\/cases\/.+\.jsonl$/.test(path))).toBe(true);
    expect(paths.some((path) => /^src\/kit\/model\//.test(path))).toBe(true);
    expect(paths.some((path) => /^src\/baseline\//.test(path))).toBe(true);
    expect(paths.some((path) => /^test\/.+\.test\.ts$/.test(path))).toBe(true);
  });

  it('only creates, with no template suffixes or underscore dotfiles left', () => {
    expect(new Set(plan.changes.map((change) => change.type))).toEqual(new Set(['create']));
    for (const { path } of plan.changes) {
      expect(path).not.toMatch(/\.hbs$/);
      expect(path).not.toMatch(/(^|\/)_[a-z]/);
    }
  });

  it('merges package.json across layers, with better-sqlite3 on major 13 (prebuilt binaries for Node 22 and newer)', () => {
    const pkg = JSON.parse(text('package.json') ?? '{}');
    expect(pkg.name).toBe('my-pilot');
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^\^13\./);
    for (const script of ['build', 'test', 'typecheck', 'eval', 'readiness', 'start']) expect(pkg.scripts[script], script).toBeTruthy();
  });

  it('targets the maintained Node LTS lines and runs compiled JavaScript in production', () => {
    const pkg = JSON.parse(text('package.json') ?? '{}');
    expect(pkg.engines.node).toBe('^22.12.0 || ^24.0.0 || >=26.0.0');
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^24\./);
    expect(pkg.scripts.start).toBe('exec node dist/kit/server.js');
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
    // Nothing that runs TypeScript is a production dependency.
    for (const dev of ['tsx', 'typescript', 'vitest']) expect(Object.keys(pkg.dependencies), dev).not.toContain(dev);
    const dockerfile = text('Dockerfile') ?? '';
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24\.\d+\.\d+-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/kit\/server\.js"\]$/m);
    const instructions = dockerfile
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    expect(instructions).not.toMatch(/python3|g\+\+|tsx/);
    expect(instructions.match(/^FROM /gm)).toHaveLength(3);
    expect(text('.github/workflows/pilot.yml')).toMatch(/node-version: 24\n/);
  });

  it('ships at least 20 labelled cases, each a valid JSON line', () => {
    const cases = plan.changes
      .filter((change) => change.path.startsWith('evals/cases/') && change.path.endsWith('.jsonl'))
      .flatMap(
        (change) =>
          change.content
            ?.toString('utf8')
            .split('\n')
            .filter((line) => line.trim()) ?? [],
      )
      .map((line) => JSON.parse(line) as { id: string; expected?: { label?: string } });
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(cases.every((c) => typeof c.expected?.label === 'string')).toBe(true);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('names the owner in CODEOWNERS and the on-call in the runbook', () => {
    expect(text('.github/CODEOWNERS')).toMatch(/^\* @acme\/support-ai$/m);
    expect(text('RUNBOOK.md')).toContain('@acme/support-oncall');
  });

  it('records provenance: generator, layers, answers and a sha256 of every other file', () => {
    const provenance = parseProvenance(text(PROVENANCE_FILE) ?? '', PROVENANCE_FILE);
    expect(provenance.generator).toEqual(testGenerator);
    expect(provenance.answers).toEqual(sampleAnswers);
    expect(provenance.layers.map((layer) => layer.id)).toEqual(['base', 'classify', 'sqlite', 'api-key']);
    const others = plan.changes.filter((change) => change.path !== PROVENANCE_FILE);
    expect(Object.keys(provenance.files).sort()).toEqual(others.map((change) => change.path).sort());
    for (const change of others) expect(provenance.files[change.path]?.sha256).toBe(sha256(change.content ?? ''));
  });

  it("records who owns each file: the team's code is seed, the kit managed, package.json structured", () => {
    const { files } = parseProvenance(text(PROVENANCE_FILE) ?? '', PROVENANCE_FILE);
    expect(files['src/pipeline.ts']?.policy).toBe('seed');
    expect(files['src/baseline/rules.ts']?.policy).toBe('seed');
    expect(files['src/connector.ts']?.policy).toBe('seed');
    expect(files['evals/cases/classify.jsonl']?.policy).toBe('seed');
    expect(files['src/kit/evals/run.ts']?.policy).toBe('managed');
    expect(files['test/kit/server.test.ts']?.policy).toBe('managed');
    expect(files['package.json']?.policy).toBe('structured');
    expect(files['success-criteria.yaml']?.policy).toBe('structured');
    // Every file under src/kit/ is the generator's; every other src/ file is the team's.
    for (const [path, file] of Object.entries(files)) {
      if (path.startsWith('src/kit/')) expect(file.policy, path).toBe('managed');
      else if (path.startsWith('src/')) expect(file.policy, path).toBe('seed');
    }
  });

  it('is deterministic: the same answers plan the same bytes', async () => {
    const again = await planScaffold({ catalog, targetDir: '/tmp/never-written', answers: sampleAnswers, generator: testGenerator });
    expect(again.changes).toEqual(plan.changes);
  });
});

describe.each(PACKAGE_MANAGERS)('a pilot generated under %s', (packageManager) => {
  const facts = PACKAGE_MANAGER_FACTS[packageManager];
  let files: (path: string) => string | undefined;
  beforeAll(async () => {
    const answers = { ...sampleAnswers, packageManager, connector: 'postgres' as const };
    const planned = await planScaffold({ catalog, targetDir: '/tmp/never-written', answers, generator: testGenerator });
    files = (path) => planned.changes.find((change) => change.path === path)?.content?.toString('utf8');
  });

  it("installs with that manager's lockfile in the workflow and the Dockerfile", () => {
    const workflow = files('.github/workflows/pilot.yml') ?? '';
    const dockerfile = files('Dockerfile') ?? '';
    expect(workflow).toContain(`- run: ${facts.ci}\n`);
    expect(dockerfile).toContain(`COPY package.json ${facts.lockfile} `);
    expect(dockerfile).toContain(`RUN ${facts.ciProd}\n`);
    for (const other of PACKAGE_MANAGERS.filter((name) => name !== packageManager)) {
      expect(`${workflow}${dockerfile}`, other).not.toContain(PACKAGE_MANAGER_FACTS[other].lockfile);
    }
    expect(workflow).toContain(`${facts.run} test`);
    if (facts.setupNodeCache) expect(workflow).toContain(`cache: ${facts.setupNodeCache}\n`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as the workflow spells it
    else expect(workflow).toContain("key: bun-${{ runner.os }}-${{ hashFiles('bun.lock') }}");
  });

  it('writes a pnpm build allowlist only for pnpm', () => {
    const workspace = files('pnpm-workspace.yaml');
    if (packageManager === 'pnpm') expect(workspace).toMatch(/^allowBuilds:\n {2}esbuild: true$/m);
    else expect(workspace).toBeUndefined();
  });

  it('gives a postgres pilot a database service in CI, so its database tests run', () => {
    const workflow = files('.github/workflows/pilot.yml') ?? '';
    expect(workflow).toContain('image: postgres:17');
    expect(workflow).toContain('PILOT_TEST_DATABASE_URL: postgres://pilot:pilot@127.0.0.1:5432/pilot_test');
  });

  it('records the manager in the provenance answers, so an update renders the same files', () => {
    const provenance = parseProvenance(files(PROVENANCE_FILE) ?? '', PROVENANCE_FILE);
    expect(provenance.answers.packageManager).toBe(packageManager);
  });
});

describe.each(PACKAGE_MANAGERS)('a %s pilot that knows its manager’s exact version', (packageManager) => {
  const VERSION = '9.8.7';
  const render = async (packageManagerVersion?: string) => {
    const answers = { ...sampleAnswers, packageManager, ...(packageManagerVersion ? { packageManagerVersion } : {}) };
    const planned = await planScaffold({ catalog, targetDir: '/tmp/never-written', answers, generator: testGenerator });
    return (path: string) => planned.changes.find((change) => change.path === path)?.content?.toString('utf8') ?? '';
  };

  it('names it in package.json, and CI and the Docker build install exactly it', async () => {
    const files = await render(VERSION);
    // pnpm's field would be a pin pnpm-lock.yaml must record (see packageManagerFacts): its version is pinned where it is installed.
    expect(JSON.parse(files('package.json')).packageManager).toBe(packageManager === 'pnpm' ? undefined : `${packageManager}@${VERSION}`);
    const workflow = files('.github/workflows/pilot.yml');
    const dockerfile = files('Dockerfile');
    if (packageManager === 'bun') expect(workflow).toContain(`bun-version: ${VERSION}\n`);
    if (packageManager === 'pnpm' || packageManager === 'yarn')
      expect(workflow).toContain(`npm install -g ${packageManager === 'yarn' ? '--force ' : ''}${packageManager}@${VERSION}\n`);
    if (packageManager !== 'npm') expect(dockerfile).toContain(`${packageManager}@${VERSION}\n`);
    expect(`${workflow}${dockerfile}`).not.toMatch(new RegExp(`${packageManager}@\\d+\\n`));
    expect(parseProvenance(files(PROVENANCE_FILE), PROVENANCE_FILE).answers.packageManagerVersion).toBe(VERSION);
  });

  it('without one, names none and installs the tested major', async () => {
    const files = await render();
    expect(JSON.parse(files('package.json'))).not.toHaveProperty('packageManager');
    if (packageManager === 'pnpm') expect(files('Dockerfile')).toContain(`npm install -g pnpm@${PACKAGE_MANAGER_MAJORS.pnpm}\n`);
    expect(files('.github/workflows/pilot.yml')).not.toContain('bun-version');
  });
});

describe("the kit tests' fixtures", () => {
  const shipped = (p: Plan) => p.changes.filter((c) => c.path === 'success-criteria.yaml' || /^evals\/cases\/[^/]+\.jsonl$/.test(c.path));
  const fixtureOf = (p: Plan, path: string) => p.changes.find((c) => c.path === `test/kit/fixtures/shipped/${path}`)?.content?.toString('utf8');

  it('are the rendered criteria and case files, byte for byte, managed by the generator', () => {
    const files = shipped(plan);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) expect(fixtureOf(plan, file.path), file.path).toBe(file.content?.toString('utf8'));
    const provenance = parseProvenance(text(PROVENANCE_FILE) ?? '', PROVENANCE_FILE);
    expect(provenance.files['test/kit/fixtures/shipped/success-criteria.yaml']?.policy).toBe('managed');
  });

  it('are the unlabeled copies in a pilot made with its own labels, as its evals/cases holds them', async () => {
    const own = await planScaffold({ catalog, targetDir: '/tmp/never-written', answers: { ...sampleAnswers, labels: ['refund', 'shipping', 'other'] }, generator: testGenerator });
    const [cases] = shipped(own).filter((c) => c.path.startsWith('evals/'));
    const fixture = fixtureOf(own, cases?.path ?? '') ?? '';
    expect(fixture).toBe(cases?.content?.toString('utf8'));
    expect(fixture).toContain('"unlabeled"');
    expect(fixture).not.toContain('"expected"');
  });
});

describe('the workflow of a pilot without postgres', () => {
  it('has no database service', () => {
    expect(text('.github/workflows/pilot.yml')).not.toContain('postgres');
  });

  it('pins every action by full commit SHA with its version in a comment', () => {
    const uses = [...(text('.github/workflows/pilot.yml') ?? '').matchAll(/uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(3);
    for (const [, ref, comment] of uses) {
      expect(ref, ref).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(comment, ref).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });
});
