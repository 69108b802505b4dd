/**
 * Schemas use zod's tree-shakable build (`zod/mini`): the CLI's start-up time counts, and the classic
 * build costs ~70 kB more to parse for the same validation. Mini ships no messages; this loads English.
 * Each schema module imports `* as z from 'zod/mini'` itself: re-exporting the namespace would defeat tree-shaking.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config({ ...en(), jitless: true });
