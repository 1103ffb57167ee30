import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { TidyRow } from './index.ts';

test('the README example runs: a clustered FE model on a DuckDB table in under 15 lines', async () => {
  const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(code, 'the README has a ts block');
  assert.ok(code.trim().split('\n').length < 15, 'under 15 lines');
  // Run it as a module beside index.ts, capturing what it prints.
  const file = new URL(`./.readme-example-${randomUUID()}.ts`, import.meta.url);
  writeFileSync(file, code);
  const tables: TidyRow[][] = [];
  const table = console.table;
  console.table = (rows: unknown) => void tables.push(rows as TidyRow[]);
  try {
    await import(file.href);
  } finally {
    console.table = table;
    rmSync(file, { force: true });
  }
  assert.equal(tables.length, 2);
  const [cr1, hc1] = tables.map((t) => Object.fromEntries(t.map((r) => [r.term, r])));
  // The simulated effects: ai 0.3, exp 0.05.
  for (const [term, truth] of [['ai', 0.3], ['exp', 0.05]] as const) {
    const r = cr1![term]!;
    assert.ok(Math.abs(r.estimate - truth) < 4 * r.se, `${term}: ${r.estimate} ± ${r.se}`);
    assert.equal(r.df, 59, 'G − 1 with 60 firms');
    assert.equal(hc1![term]!.estimate, r.estimate);
    assert.notEqual(hc1![term]!.se, r.se);
  }
});
