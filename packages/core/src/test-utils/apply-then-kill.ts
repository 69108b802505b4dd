// Run as a child process: stages a large plan and SIGKILLs itself partway, as an OOM killer or `kill -9` would.
import { applyPlan } from '../tree/apply-plan.js';

const target = process.argv[2];
if (!target) throw new Error('usage: apply-then-kill.ts <target>');
const changes = Array.from({ length: 200 }, (_, i) => ({
  path: `src/file${i}.ts`,
  type: 'create' as const,
  content: Buffer.from(`export const n = ${i};\n`),
  origin: 'test',
}));
await applyPlan(
  { targetDir: target, changes },
  {
    onFileStaged: (_, index) => {
      if (index === 100) process.kill(process.pid, 'SIGKILL');
    },
  },
);
