#!/usr/bin/env node
// Finds every *.test.ts under src/ and test/ and runs them with node:test through tsx.
// Node 20's --test takes no globs, so the file list is built here. TZ is pinned. When the
// browser tests are selected, what they need (Chromium, fonts) is installed first
// (test-deps.mjs); if it cannot be, they are skipped and the reason is printed at the end.
// So for the PostgreSQL tests (test/postgres) and Debian's postgresql.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureBrowserDeps, ensurePostgres } from './test-deps.mjs';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filter = process.argv.slice(2);
let files = [...walk('src', []), ...walk('test', [])].sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (!files.length) { console.error('no test files found'); process.exit(1); }
const env = { ...process.env, TZ: 'UTC', TALENTFLOW_TEST: '1' };
const browserTests = files.filter((f) => f.startsWith(join('test', 'e2e')));
const skipBrowser = browserTests.length && process.env.TALENTFLOW_SKIP_E2E !== '1' ? ensureBrowserDeps() : null;
if (skipBrowser) Object.assign(env, { TALENTFLOW_SKIP_E2E: '1', TALENTFLOW_SKIP_E2E_REASON: skipBrowser });
const pgTests = files.filter((f) => f.startsWith(join('test', 'postgres')));
const pg = pgTests.length && process.env.TALENTFLOW_SKIP_PG !== '1' ? ensurePostgres() : null;
if (pg?.bin) env.TALENTFLOW_PG_BIN = pg.bin;
if (pg?.reason) Object.assign(env, { TALENTFLOW_SKIP_PG: '1', TALENTFLOW_SKIP_PG_REASON: pg.reason });
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
if (skipBrowser) console.log(`# skipped: the browser tests (${browserTests.length} files): ${skipBrowser}`);
if (pg?.reason) console.log(`# skipped: the PostgreSQL tests (${pgTests.length} files): ${pg.reason}`);
process.exit(r.status ?? 1);
