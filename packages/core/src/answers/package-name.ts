import validatePackageName from 'validate-npm-package-name';

/** npm's own rules, so a pilot can always be published or installed as a workspace. Returns the reasons it fails, or []. */
export function packageNameProblems(name: string): string[] {
  const result = validatePackageName(name);
  if (result.validForNewPackages) return [];
  return [...(result.errors ?? []), ...(result.warnings ?? [])];
}

/** A suggestion users can paste: lower-case, kebab, no leading dots or underscores. */
export function suggestPackageName(name: string): string {
  const suggestion = name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/^[._]+/, '')
    .replace(/[^a-z0-9-~]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return suggestion || 'my-pilot';
}
