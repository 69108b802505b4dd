/**
 * A value built on first use. Zod schemas are objects with many closures, and building one costs
 * start-up time whether or not it is used: a scaffold from the shipped pack never validates a
 * manifest (the build did) and reads a provenance file only with --answers-file.
 */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}
