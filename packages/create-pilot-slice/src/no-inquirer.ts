// Stands in for inquirer inside the bundle: node-plop imports it, but we render with node-plop
// and prompt with @clack/prompts, so these are never called.
export default {
  registerPrompt(): void {},
  prompt(): never {
    throw new Error('inquirer is not bundled; create-pilot-slice prompts with @clack/prompts');
  },
};
