import type { PackageManager } from '@pilot-slice/core';

export type { PackageManager };

/** `npm create`, `pnpm create`, `yarn create` and `bun create` each set npm_config_user_agent, e.g. "pnpm/9.1.0 npm/? node/v20…". */
export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split(' ')[0]?.split('/')[0];
  return name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : 'npm';
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
