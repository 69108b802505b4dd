/**
 * The package managers a pilot can be generated for, one source of truth: the answers schema
 * (`packageManager`), the CLI's install and next steps, and the templates (workflow, Dockerfile,
 * README) all read this table, so a pnpm pilot never meets `npm ci` or a package-lock.json.
 *
 * yarn means yarn 1 (classic): berry's `--immutable` and its Plug'n'Play linker are a different
 * contract, and pilots do not support them yet.
 */
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export interface PackageManagerFacts {
  name: PackageManager;
  lockfile: string;
  /** A clean, lockfile-exact install, as CI and the Docker build run it. */
  ci: string;
  /** The same, without devDependencies: the production image's node_modules. */
  ciProd: string;
  /** Runs a package script: `npm run eval`, `bun run test` (`bun test` is bun's own runner, not the script). */
  run: string;
  /** The `cache` value of actions/setup-node, or '' when setup-node cannot cache it (bun). */
  setupNodeCache: string;
  /** Puts the manager on PATH where only Node and npm are (a CI runner, the node image); '' for npm. */
  globalInstall: string;
  isNpm: boolean;
  isPnpm: boolean;
  isYarn: boolean;
  isBun: boolean;
}

const facts = (name: PackageManager, lockfile: string, ci: string, ciProd: string, run: string, setupNodeCache: string, globalInstall: string): PackageManagerFacts => ({
  name,
  lockfile,
  ci,
  ciProd,
  run,
  setupNodeCache,
  globalInstall,
  isNpm: name === 'npm',
  isPnpm: name === 'pnpm',
  isYarn: name === 'yarn',
  isBun: name === 'bun',
});

/** The majors pilots are tested with (test/e2e/cli/package-managers.test.ts installs the same). */
export const PACKAGE_MANAGER_MAJORS = { pnpm: 12, yarn: 1, bun: 1 } as const;

export const PACKAGE_MANAGER_FACTS: Record<PackageManager, PackageManagerFacts> = {
  npm: facts('npm', 'package-lock.json', 'npm ci', 'npm ci --omit=dev', 'npm run', 'npm', ''),
  pnpm: facts(
    'pnpm',
    'pnpm-lock.yaml',
    'pnpm install --frozen-lockfile',
    'pnpm install --frozen-lockfile --prod',
    'pnpm run',
    'pnpm',
    `npm install -g pnpm@${PACKAGE_MANAGER_MAJORS.pnpm}`,
  ),
  // --force: the node image and the runners already have a yarn 1 on PATH; this pins its major.
  yarn: facts(
    'yarn',
    'yarn.lock',
    'yarn install --frozen-lockfile',
    'yarn install --frozen-lockfile --production',
    'yarn run',
    'yarn',
    `npm install -g --force yarn@${PACKAGE_MANAGER_MAJORS.yarn}`,
  ),
  bun: facts('bun', 'bun.lock', 'bun install --frozen-lockfile', 'bun install --frozen-lockfile --production', 'bun run', '', `npm install -g bun@${PACKAGE_MANAGER_MAJORS.bun}`),
};
