#!/usr/bin/env node
// A committed file, not the bundle itself: npm links bins before the repo's prepare script builds
// dist/, and it links only files that exist, so `npx create-pilot-slice` at the repo root needs this.
'use strict';

// Node 22.1+ can keep V8's compiled code between runs (in the OS temp folder), so a second
// `npm create` starts faster; Node 20 has no such cache and skips this.
require('node:module').enableCompileCache?.();
require('../dist/index.cjs');
