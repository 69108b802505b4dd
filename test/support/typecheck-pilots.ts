// Type-checks many generated pilots in one process, each as its own program with its own tsconfig,
// as `npm run typecheck` would, with the pilots' own TypeScript (from the shared node_modules).
// What makes sixty programs cheap: the library and dependency declarations (identical files, since
// every pilot links the same node_modules) are parsed once and shared, as an editor's language
// service shares them between projects. One tsc program over all pilots would not do: each pilot
// augments Fastify's types with its own declarations, which must not meet.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TS from 'typescript';

export interface PilotTypecheck {
  dir: string;
  files: number;
  /** Formatted like tsc's own output; empty when the pilot type-checks. */
  errors: string[];
}

export function typecheckPilots(dirs: readonly string[], sharedNodeModules: string): PilotTypecheck[] {
  const ts = createRequire(join(sharedNodeModules, 'noop.js'))('typescript') as typeof TS;
  const shared = new Map<string, TS.SourceFile>();
  const format: TS.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
  return dirs.map((dir) => {
    const configErrors: TS.Diagnostic[] = [];
    const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => configErrors.push(d) });
    if (!config) return { dir, files: 0, errors: configErrors.map((d) => ts.formatDiagnostic(d, format)) };
    const host = ts.createCompilerHost(config.options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      if (!fileName.includes('/node_modules/')) return read(fileName, languageVersion, onError, shouldCreate);
      let file = shared.get(fileName);
      if (!file) {
        file = read(fileName, languageVersion, onError, shouldCreate);
        if (file) shared.set(fileName, file);
      }
      return file;
    };
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
    const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
    return { dir, files: config.fileNames.length, errors: diagnostics.map((d) => ts.formatDiagnostic(d, format).trim()) };
  });
}
