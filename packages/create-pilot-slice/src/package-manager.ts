import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXACT_VERSION, PACKAGE_MANAGERS, PACKAGE_MANAGER_FACTS, type PackageManager } from '@pilot-slice/core';

export type { PackageManager };

/** The agent's first word, e.g. "pnpm/9.1.0": the manager's name and version. */
function agentManager(userAgent: string | undefined): { name: string; major: number; version: string } {
  const [name = '', version = ''] = userAgent?.split(' ')[0]?.split('/') ?? [];
  return { name, major: Number.parseInt(version, 10), version };
}

/** yarn 2 and later (berry) is another contract than yarn 1's (see PACKAGE_MANAGERS): such a pilot is made for npm. */
const isBerry = ({ name, major }: { name: string; major: number }): boolean => name === 'yarn' && major >= 2;

/** `npm create`, `pnpm create`, `yarn create` and `bun create` each set npm_config_user_agent, e.g. "pnpm/9.1.0 npm/? node/v20…". */
export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const agent = agentManager(userAgent);
  if (isBerry(agent)) return 'npm';
  return PACKAGE_MANAGERS.find((pm) => pm === agent.name) ?? 'npm';
}

/** Why the pilot is not made for the manager that runs us, or null when it is. */
export function unsupportedManagerNote(userAgent: string | undefined): string | null {
  const agent = agentManager(userAgent);
  if (!isBerry(agent)) return null;
  return `yarn ${agent.major} (berry) is not supported yet, only yarn 1: the pilot is made for npm (its workflow, Dockerfile and lockfile use npm)`;
}

/**
 * The exact version of the manager the pilot is made for, for package.json's `packageManager` (what CI
 * and Docker install): the one running us when it is that manager, else `<pm> --version` on PATH;
 * undefined when neither tells (the pilot then names no version and CI installs the tested major).
 */
export async function managerVersion(pm: PackageManager, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const agent = agentManager(env.npm_config_user_agent);
  if (agent.name === pm && EXACT_VERSION.test(agent.version)) return agent.version;
  const { execa } = await import('execa');
  // A version is a nicety (CI falls back to the tested major): a manager that does not answer within a few seconds is not waited for.
  const result = await execa(pm, ['--version'], { env, extendEnv: false, reject: false, timeout: 5_000, stdin: 'ignore' });
  const version = result.exitCode === 0 ? String(result.stdout).trim() : '';
  return EXACT_VERSION.test(version) ? version : undefined;
}

export function installArgs(pm: PackageManager): string[] {
  return pm === 'yarn' ? [] : ['install'];
}

/** The install command as a user types it, for messages. */
export function installCommand(pm: PackageManager): string {
  return [pm, ...installArgs(pm)].join(' ');
}

/**
 * How a user runs a package script with this manager, for the next-steps hint. `bun test` is bun's
 * own test runner, not the pilot's script, so bun always gets `bun run`.
 */
export function runScript(pm: PackageManager, script: string, args?: string): string {
  const command = pm === 'bun' ? `bun run ${script}` : script === 'test' || script === 'start' || pm === 'yarn' ? `${pm} ${script}` : `${pm} run ${script}`;
  if (!args) return command;
  // npm needs `--` before the script's own flags; pnpm, yarn and bun pass what follows the name.
  return pm === 'npm' ? `${command} -- ${args}` : `${command} ${args}`;
}

/**
 * The manager a pilot is installed with, by the one lockfile in it; null when there is none or more
 * than one. For pilots made before `packageManager` was recorded.
 */
export function lockfileManager(pilotDir: string): PackageManager | null {
  const found = PACKAGE_MANAGERS.filter((pm) => existsSync(join(pilotDir, PACKAGE_MANAGER_FACTS[pm].lockfile)));
  return found.length === 1 ? (found[0] ?? null) : null;
}
