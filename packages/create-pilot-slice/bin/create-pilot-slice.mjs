#!/usr/bin/env node
// A committed file, not the bundle itself: npm links bins before the repo's prepare script builds
// dist/, and it links only files that exist, so `npx create-pilot-slice` at the repo root needs this.
import '../dist/index.mjs';
