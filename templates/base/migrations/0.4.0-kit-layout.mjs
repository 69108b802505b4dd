// 0.4.0 moved the generator's code into src/kit/ and test/kit/, and the team's wiring into
// src/connector.ts, src/auth.ts and src/score.ts. The team's own files (never rewritten by update)
// still import the old paths: this rewrites those relative imports, and nothing else.
const MOVED = {
  "src/auth/api-key.ts": "src/kit/auth/api-key.ts",
  "src/auth/gateway.ts": "src/kit/auth/gateway.ts",
  "src/auth/hooks.ts": "src/kit/auth/hooks.ts",
  "src/auth/index.ts": "src/auth.ts",
  "src/auth/oidc.ts": "src/kit/auth/oidc.ts",
  "src/connectors/connector.ts": "src/kit/connectors/connector.ts",
  "src/connectors/csv.ts": "src/kit/connectors/csv.ts",
  "src/connectors/http-client.ts": "src/kit/connectors/http-client.ts",
  "src/connectors/http.ts": "src/kit/connectors/http.ts",
  "src/connectors/index.ts": "src/connector.ts",
  "src/connectors/postgres.ts": "src/kit/connectors/postgres.ts",
  "src/connectors/rows.ts": "src/kit/connectors/rows.ts",
  "src/connectors/sample.ts": "src/kit/connectors/sample.ts",
  "src/connectors/sqlite.ts": "src/kit/connectors/sqlite.ts",
  "src/contract.ts": "src/kit/contract.ts",
  "src/env.ts": "src/kit/env.ts",
  "src/evals/cases.ts": "src/kit/evals/cases.ts",
  "src/evals/compare.ts": "src/kit/evals/compare.ts",
  "src/evals/criteria.ts": "src/kit/evals/criteria.ts",
  "src/evals/gates.ts": "src/kit/evals/gates.ts",
  "src/evals/metrics.ts": "src/kit/evals/metrics.ts",
  "src/evals/report-format.ts": "src/kit/evals/report-format.ts",
  "src/evals/report-html.ts": "src/kit/evals/report-html.ts",
  "src/evals/report-junit.ts": "src/kit/evals/report-junit.ts",
  "src/evals/report-md.ts": "src/kit/evals/report-md.ts",
  "src/evals/report.ts": "src/kit/evals/report.ts",
  "src/evals/run.ts": "src/kit/evals/run.ts",
  "src/evals/score-cases.ts": "src/kit/evals/score-cases.ts",
  "src/evals/score.ts": "src/score.ts",
  "src/evals/stats.ts": "src/kit/evals/stats.ts",
  "src/http/secure-url.ts": "src/kit/http/secure-url.ts",
  "src/import-cases.ts": "src/kit/import-cases.ts",
  "src/issues.ts": "src/kit/issues.ts",
  "src/json-pipeline.ts": "src/kit/json-pipeline.ts",
  "src/model/cache.ts": "src/kit/model/cache.ts",
  "src/model/index.ts": "src/kit/model/index.ts",
  "src/model/json.ts": "src/kit/model/json.ts",
  "src/model/limit.ts": "src/kit/model/limit.ts",
  "src/model/openai.ts": "src/kit/model/openai.ts",
  "src/model/pricing.ts": "src/kit/model/pricing.ts",
  "src/model/provider.ts": "src/kit/model/provider.ts",
  "src/readiness.ts": "src/kit/readiness.ts",
  "src/server.ts": "src/kit/server.ts",
  "src/server/app.ts": "src/kit/server/app.ts",
  "src/server/audit.ts": "src/kit/server/audit.ts",
  "src/server/auth-guard.ts": "src/kit/server/auth-guard.ts",
  "src/server/config.ts": "src/kit/server/config.ts",
  "src/server/errors.ts": "src/kit/server/errors.ts",
  "src/server/feedback-route.ts": "src/kit/server/feedback-route.ts",
  "src/server/line-appender.ts": "src/kit/server/line-appender.ts",
  "src/server/pipeline-route.ts": "src/kit/server/pipeline-route.ts",
  "src/server/rate-limit.ts": "src/kit/server/rate-limit.ts",
  "src/server/request.ts": "src/kit/server/request.ts",
  "src/server/status-routes.ts": "src/kit/server/status-routes.ts",
  "test/audit.test.ts": "test/kit/audit.test.ts",
  "test/auth.test.ts": "test/kit/auth.test.ts",
  "test/connector.test.ts": "test/kit/connector.test.ts",
  "test/evals-cli.test.ts": "test/kit/evals-cli.test.ts",
  "test/evals.test.ts": "test/kit/evals.test.ts",
  "test/feedback.test.ts": "test/kit/feedback.test.ts",
  "test/helpers/fake-auth.ts": "test/kit/helpers/fake-auth.ts",
  "test/helpers/fake-model.ts": "test/kit/helpers/fake-model.ts",
  "test/helpers/loopback-openai.ts": "test/kit/helpers/loopback-openai.ts",
  "test/helpers/shipped-case.ts": "test/kit/helpers/shipped-case.ts",
  "test/helpers/temp-dir.ts": "test/kit/helpers/temp-dir.ts",
  "test/import-cases.test.ts": "test/kit/import-cases.test.ts",
  "test/server.test.ts": "test/kit/server.test.ts",
  "test/service.test.ts": "test/kit/service.test.ts"
};

const MOVED_BACK = Object.fromEntries(Object.entries(MOVED).map(([from, to]) => [to, from]));
const SPECIFIER = /((?:from\s+|import\s*\(\s*|vi\.mock\(\s*|import\s+)['"])(\.{1,2}\/[^'"]+)(['"])/g;

export function files(tree) {
  const present = new Set(tree.paths());
  for (const path of tree.paths()) {
    if (!/\.(?:[cm]?ts|[cm]?js|tsx|jsx)$/.test(path) || path.startsWith('node_modules/')) continue;
    const text = tree.read(path);
    if (text === undefined) continue;
    const oldHome = MOVED_BACK[path] ?? path;
    const rewritten = text.replace(SPECIFIER, (whole, head, specifier, tail) => {
      const here = asSource(join(dirname(path), specifier));
      const before = asSource(join(dirname(oldHome), specifier));
      // A file that moved resolves its imports from where it was; one that stayed keeps any import
      // that already resolves. Either way a target that moved is followed to its new place.
      let target;
      if (MOVED[before] && (oldHome !== path || !present.has(here))) target = MOVED[before];
      else if (present.has(here)) return whole;
      else if (oldHome !== path && present.has(before)) target = before;
      else return whole;
      const extension = specifier.endsWith('.js') ? '.js' : '';
      let relative = relativePath(dirname(path), extension ? target.replace(/\.ts$/, '.js') : target);
      if (!relative.startsWith('.')) relative = `./${relative}`;
      return `${head}${relative}${tail}`;
    });
    if (rewritten !== text) tree.write(path, rewritten);
  }
}

function asSource(path) {
  return path.endsWith('.js') ? `${path.slice(0, -3)}.ts` : path;
}

function dirname(path) {
  const at = path.lastIndexOf('/');
  return at === -1 ? '' : path.slice(0, at);
}

function join(dir, specifier) {
  const parts = dir ? dir.split('/') : [];
  for (const segment of specifier.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

function relativePath(fromDir, to) {
  const from = fromDir ? fromDir.split('/') : [];
  const target = to.split('/');
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common += 1;
  return [...from.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}
