// Run as a child process: applies an update to the pilot in argv[2] and SIGKILLs itself before
// commit step argv[3], as an OOM killer or `kill -9` would in the middle of the moves.
import { applyUpdate } from '../update/apply-update.js';
import { killPlan } from './update-fixture.js';

const [pilot, step] = [process.argv[2], Number(process.argv[3])];
if (!pilot || !Number.isInteger(step)) throw new Error('usage: update-then-kill.ts <pilot> <step>');
await applyUpdate(pilot, killPlan(), {
  onCommitStep: (index) => {
    if (index === step) process.kill(process.pid, 'SIGKILL');
  },
});
