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
  /** Puts the manager on PATH where only Node and npm are (a CI runner, the node image); '' for npm. The exact version when known, else the tested major. */
  globalInstall: string;
  /** The exact version the pilot was made with (package.json's `packageManager`), or '' when unknown. */
  version: string;
  /** package.json's `packageManager` value (`bun@1.3.1`), or '' when the version is unknown (and for pnpm: see packageManagerFacts). */
  packageManagerField: string;
  isNpm: boolean;
  isPnpm: boolean;
  isYarn: boolean;
  isBun: boolean;
}

/** How a manager is put on PATH, before its `name@version`: --force for yarn, since the node image and the runners already have a yarn 1. */
const GLOBAL_INSTALL: Record<PackageManager, string> = { npm: '', pnpm: 'npm install -g', yarn: 'npm install -g --force', bun: 'npm install -g' };

const facts = (name: PackageManager, lockfile: string, ci: string, ciProd: string, run: string, setupNodeCache: string): PackageManagerFacts => ({
  name,
  lockfile,
  ci,
  ciProd,
  run,
  setupNodeCache,
  globalInstall: name === 'npm' ? '' : `${GLOBAL_INSTALL[name]} ${name}@${PACKAGE_MANAGER_MAJORS[name]}`,
  version: '',
  packageManagerField: '',
  isNpm: name === 'npm',
  isPnpm: name === 'pnpm',
  isYarn: name === 'yarn',
  isBun: name === 'bun',
});

/** The majors pilots are tested with (test/e2e/cli/package-managers.test.ts installs the same). */
export const PACKAGE_MANAGER_MAJORS = { pnpm: 12, yarn: 1, bun: 1 } as const;

/** Facts for a manager whose version is not known: CI and Docker install its tested major. */
export const PACKAGE_MANAGER_FACTS: Record<PackageManager, PackageManagerFacts> = {
  npm: facts('npm', 'package-lock.json', 'npm ci', 'npm ci --omit=dev', 'npm run', 'npm'),
  pnpm: facts('pnpm', 'pnpm-lock.yaml', 'pnpm install --frozen-lockfile', 'pnpm install --frozen-lockfile --prod', 'pnpm run', 'pnpm'),
  yarn: facts('yarn', 'yarn.lock', 'yarn install --frozen-lockfile', 'yarn install --frozen-lockfile --production', 'yarn run', 'yarn'),
  bun: facts('bun', 'bun.lock', 'bun install --frozen-lockfile', 'bun install --frozen-lockfile --production', 'bun run', ''),
};

/** An exact version such as 10.18.0 (a prerelease allowed): what package.json's `packageManager` takes. */
export const EXACT_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * The facts for the version the pilot was made with: package.json names it (`packageManager`), and CI
 * and the Docker build install exactly it, so every machine runs the manager that wrote the lockfile.
 * Without a version (not known when generating, or a pilot recorded before it was), the tested major.
 */
export function packageManagerFacts(name: PackageManager, version?: string): PackageManagerFacts {
  const known = PACKAGE_MANAGER_FACTS[name];
  if (!version) return known;
  const globalInstall = name === 'npm' ? '' : `${GLOBAL_INSTALL[name]} ${name}@${version}`;
  // pnpm 12 turns the field into a pin it records in pnpm-lock.yaml, fetched from the registry; where
  // the registry lacks that release's artifact it installs anyway, then refuses --frozen-lockfile (the
  // pilot's CI). So a pnpm pilot pins its version where it is installed (CI, Docker), not in the field.
  const packageManagerField = name === 'pnpm' ? '' : `${name}@${version}`;
  return { ...known, version, packageManagerField, globalInstall };
}
