/**
 * The merge's libraries, loaded on first use: a scaffold never merges, and the CLI ships each as
 * its own bundle part, so `create-pilot-slice my-pilot` does not pay to load a YAML parser.
 */
export interface MergeLibs {
  yaml: typeof import('yaml');
  diff3: typeof import('node-diff3');
}

let loaded: MergeLibs | undefined;

export async function loadMergeLibs(): Promise<MergeLibs> {
  if (!loaded) {
    const [yaml, diff3] = await Promise.all([import('yaml'), import('node-diff3')]);
    loaded = { yaml, diff3 };
  }
  return loaded;
}

export function mergeLibs(): MergeLibs {
  if (!loaded) throw new Error('loadMergeLibs() must run before a merge');
  return loaded;
}
