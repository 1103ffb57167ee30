import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENGINE = dirname(fileURLToPath(import.meta.url));
/** Packages the engine may use; everything else it needs is in this folder. */
const PACKAGES = [/^node:/, /^@duckdb\/node-api$/];
/** And its tests: the seeded generator of the simulations. */
const TEST_PACKAGES = [/^pure-rand\//];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('the engine folder imports nothing from the rest of src/ (only its own files and a few packages)', () => {
  const found: string[] = [];
  for (const f of files(ENGINE)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = (m[1] ?? m[2])!;
      found.push(spec);
      if (spec.startsWith('.')) {
        const target = relative(ENGINE, resolve(dirname(f), spec));
        // Tests may also use the engine's test support in test/helpers/engine/.
        const testSupport = f.endsWith('.test.ts') && target.startsWith(join('..', '..', 'test', 'helpers', 'engine'));
        assert.ok(!target.startsWith('..') || testSupport, `${relative(ENGINE, f)} imports ${spec}, outside src/engine`);
      } else {
        const allowed = f.endsWith('.test.ts') ? [...PACKAGES, ...TEST_PACKAGES] : PACKAGES;
        assert.ok(allowed.some((p) => p.test(spec)), `${relative(ENGINE, f)} imports the package ${spec}`);
      }
    }
  }
  assert.ok(found.includes('./connection.ts') && found.includes('@duckdb/node-api'), 'the scan sees imports');
});
