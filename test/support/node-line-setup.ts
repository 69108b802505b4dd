// Global setup: installs (or finds in the cache) the Node line the pilots run on, for every test file.
import type { TestProject } from 'vitest/node';
import { chosenNodeLine, ensureNodeLine } from './node-line.js';

export default async function setup(project: TestProject): Promise<void> {
  project.provide('nodeLine', await ensureNodeLine(chosenNodeLine()));
}
