// Injected into each CommonJS bundle (see build.mjs): what `import.meta.url` is in an ES module,
// for the code that uses it (our entry, to find the template pack; node-plop, for createRequire).
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
