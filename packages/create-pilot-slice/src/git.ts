import { execa } from 'execa';

export type GitOutcome = { kind: 'committed' } | { kind: 'inside-repo'; root: string } | { kind: 'no-git' } | { kind: 'not-committed'; reason: string };

/** `git init` and one first commit, unless the pilot already sits inside a work tree (a monorepo, say). */
export async function initGit(cwd: string, generator: string): Promise<GitOutcome> {
  const inside = await execa('git', ['rev-parse', '--show-toplevel'], { cwd, reject: false });
  if (inside.code === 'ENOENT') return { kind: 'no-git' };
  if (inside.exitCode === 0 && inside.stdout.trim() !== '') return { kind: 'inside-repo', root: inside.stdout.trim() };
  await execa('git', ['init', '--quiet'], { cwd });
  await execa('git', ['add', '--all'], { cwd });
  // --no-verify: the user's global hooks should not judge a commit the generator made.
  const commit = await execa('git', ['commit', '--quiet', '--no-verify', '-m', `Scaffold pilot with ${generator}`], { cwd, reject: false });
  if (commit.exitCode === 0) return { kind: 'committed' };
  const identity = /user\.(name|email)|identity/i.test(commit.stderr);
  return {
    kind: 'not-committed',
    reason: identity ? 'git has no user.name/user.email; set them and commit' : (commit.stderr.trim().split('\n')[0] ?? 'git commit failed'),
  };
}
