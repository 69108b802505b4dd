/**
 * Stands in, inside the bundle only, for modules that node-plop and Handlebars import but that
 * create-pilot-slice never reaches: we render with node-plop's helpers and Handlebars, and never
 * run plop's prompts (inquirer), actions (tinyglobby, isbinaryfile) or plopfile loader (resolve).
 * Handlebars requires source-map in a try/catch and falls back without it. Leaving them out keeps
 * start-up parse time down; anything that did reach them would fail loudly, not silently.
 */
const unused = (name: string) => (): never => {
  throw new Error(`${name} is not bundled in create-pilot-slice`);
};

export default { sync: unused('resolve'), registerPrompt(): void {}, prompt: unused('inquirer') };
export const globSync = unused('tinyglobby');
export const isBinaryFileSync = unused('isbinaryfile');
