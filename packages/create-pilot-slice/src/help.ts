import { AUTHS, CONNECTORS, USE_CASES } from '@pilot-slice/core';
import { GENERATOR } from './generator.js';

export function helpText(): string {
  return `${GENERATOR.name} ${GENERATOR.version}
Start an AI pilot as a thin production slice: an eval gate against a written bar
and a baseline, a real-data connector, auth at a service boundary, an owner.

Usage
  npm create pilot-slice@latest [dir] -- [options]
  create-pilot-slice [dir] [options]
  create-pilot-slice list [--json]      the layers you can choose
  create-pilot-slice update [dir] [--dry-run] [--set key=value ...] [--conflict inline|rej] [--verify]
                                        bring this version's templates into a pilot,
                                        merged three ways with the team's edits;
                                        --verify type-checks the result (exit 1 if not)
  create-pilot-slice check [dir] [--json]
                                        is the pilot behind this version? (0 no, 1 yes)

Options
  --use-case <id>       ${USE_CASES.join(' | ')}   (default classify)
  --connector <id>      ${CONNECTORS.join(' | ')}      (default sqlite)
  --auth <id>           ${AUTHS.join(' | ')}        (default api-key)
  --owner <@org/team>   the owning team, for CODEOWNERS (required)
  --oncall <who>        who is paged (default: the owner)
  --description <text>  one line: what the pilot does
  --decision-date <d>   when the owners decide: ship, extend or stop (default: in 90 days)
  --labels <a,b,c>      classify: your labels (default billing,bug,account,feature_request,other)
  --queues <a,b,c>      triage: your queues (default billing,technical,account,general)
  --priorities <a,b,c>  triage: your priorities, most urgent first (default urgent,high,normal,low)
  --fields <n:type,..>  extract: your fields; types string, number, date, boolean
                        Your own sets ship the example cases without answers, tagged unlabeled.
  --package-manager <pm>
                        npm | pnpm | yarn | bun: the pilot's lockfile, CI, Dockerfile, commands.
                        Default: the one running this (npm create, pnpm create, yarn create,
                        bun create, read from npm_config_user_agent); npm if that is another
                        tool or yarn 2+ (only yarn 1 is supported)
  --answers-file <f>    answers as JSON, or another pilot's .pilot-slice.json
  -y, --yes             take defaults for anything not given; never prompt
  --dry-run             print the plan (path, size, layer) and write nothing
  --no-install          do not install dependencies
  --no-git              do not git init and commit
  -h, --help            this help
  -v, --version         the version

Prompts appear only when stdin is a terminal; otherwise missing answers take
their defaults, and a missing --owner is an error.

Update refuses a dirty work tree and leftover conflicts; --dry-run prints what
would change. Conflicts get labelled markers (or .rej files with --conflict rej)
and, in git, index stages 1/2/3. PILOT_SLICE_CACHE_DIR sets where each version's
templates are kept for later updates.

Exit codes: 0 done, 1 failed (check: behind), 2 bad input (nothing written),
3 update left conflicts, 130 interrupted.
`;
}
