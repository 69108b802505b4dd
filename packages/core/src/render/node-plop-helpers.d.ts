// node-plop ships its case helpers as plain JS without types; this is their shape.
declare module 'node-plop/src/baked-in-helpers.js' {
  const helpers: Record<string, (text: string) => string>;
  export default helpers;
}
