import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PilotSliceError } from '../errors.js';

/**
 * Kernel pseudo file systems: they hold no files of ours, and writing there fails in odd ways
 * (`mkdir -p /proc/x/y` spins in Node at 100% CPU, deaf to signals), so a target there is refused
 * before anything is written. Linux paths; elsewhere nothing matches them.
 */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'] as const;

/** A target on /proc, /sys or /dev, by its real path (so a link into them counts), refused as bad input. */
export function refusePseudoFileSystem(target: string, shown: string = target): void {
  const real = realPathOf(resolve(target));
  const root = PSEUDO_ROOTS.find((candidate) => real === candidate || real.startsWith(`${candidate}/`));
  if (!root) return;
  const where = real === resolve(target) ? shown : `${shown} (which is ${real})`;
  throw new PilotSliceError('PSEUDO_FILE_SYSTEM', `${where} is on ${root}, a kernel pseudo file system that cannot hold a pilot; choose a folder on a disk`);
}

/**
 * The real path a path would have once made: the real path of its deepest existing part, with the
 * missing rest added back. A link to nowhere (`dangling -> /proc/none`) is followed by its text, so
 * it is judged by where it points. At most 40 links, as the kernel allows.
 */
function realPathOf(path: string): string {
  let current = path;
  const rest: string[] = [];
  for (let links = 0; links <= 40; ) {
    try {
      return join(realpathSync(current), ...rest);
    } catch {
      if (isLink(current)) {
        current = resolve(dirname(current), readlinkSync(current));
        links += 1;
        continue;
      }
      if (dirname(current) === current) return join(current, ...rest);
      rest.unshift(basename(current));
      current = dirname(current);
    }
  }
  return join(current, ...rest);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
