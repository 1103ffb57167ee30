#!/usr/bin/env node
// Entry point: runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('talentflow: not built yet (dist/ is missing); run `npm run build` in the talentflow folder\n');
  process.exit(1);
}
await import(main.href);
