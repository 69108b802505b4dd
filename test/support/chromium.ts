// Headless Debian Chromium, started the way this machine allows: no sandbox as root, no network of its own.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { PNG } from 'pngjs';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

async function chromium(args: string[]): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  try {
    const { stdout } = await execa('chromium', [...FLAGS, `--user-data-dir=${profile}`, ...args], { timeout: 60_000 });
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** The DOM after the page has loaded and run, as Chromium serializes it. */
export function dumpDom(file: string): Promise<string> {
  return chromium(['--dump-dom', pathToFileURL(file).href]);
}

/** Screenshots a local page and returns the decoded PNG. */
export async function screenshot(file: string, out: string, size = '1200,1600'): Promise<PNG> {
  await chromium([`--screenshot=${out}`, `--window-size=${size}`, pathToFileURL(file).href]);
  return PNG.sync.read(await readFile(out));
}

/** How many pixels are close to a colour (each channel within `tolerance`). */
export function countPixels(png: PNG, [r, g, b]: [number, number, number], tolerance = 12): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const dr = Math.abs((png.data[i] ?? 0) - r);
    const dg = Math.abs((png.data[i + 1] ?? 0) - g);
    const db = Math.abs((png.data[i + 2] ?? 0) - b);
    if (dr <= tolerance && dg <= tolerance && db <= tolerance) count += 1;
  }
  return count;
}
