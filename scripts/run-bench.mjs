#!/usr/bin/env node
// Runs every bench/*.bench.ts one after another (each in its own process, so memory peaks
// are per benchmark) and prints what each reports. Optional filter arguments.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
const filter = process.argv.slice(2);
let files = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
let failed = 0;
for (const f of files) {
  console.log(`\n== bench/${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${f}`], { stdio: 'inherit', env: { ...process.env, TZ: 'UTC' } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
