#!/usr/bin/env node
// Builds dist/ from src/: the TypeScript compiled by tsc (tsconfig.build.json; the `.ts`
// import specifiers are rewritten to `.js`), then every other file under src/ that the code
// reads by path at run time (.sql beside the modules, JSON presets and data, the worker
// entries, the dashboard's public/ files) copied to the same place under dist/.
// Run by `npm run build` and by `prepare` (so `npm ci` builds). Tests are not compiled.
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { extname } from 'node:path';

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // `npm ci --omit=dev` runs `prepare` too, without the compiler: nothing can be built.
  console.error('talentflow build: typescript is not installed (npm ci --omit=dev?); dist/ was not built');
  process.exit(process.env.npm_lifecycle_event === 'prepare' ? 0 : 1);
}
rmSync('dist', { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
// Not copied: TypeScript (compiled above) and the taxonomy evaluation's provenance notes and script.
const SKIP = new Set(['.ts', '.md', '.py']);
cpSync('src', 'dist', { recursive: true, filter: (src) => !SKIP.has(extname(src)) });
