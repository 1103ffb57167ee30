/**
 * The boundary between the tool and its tests: no module of src/ other than a `*.test.ts`
 * refers to anything under test/, and no module of src/ is used only by tests and
 * benchmarks (test support — fixtures, reference implementations, simulators — lives in
 * test/helpers/). A reference is any quoted relative path in the source: static and
 * dynamic imports, `new URL('./x.ts', import.meta.url)`, lazily loaded command lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const isTestSide = (p: string): boolean => p.endsWith('.test.ts') || p.startsWith('test/') || p.startsWith('bench/');

/** Repository-relative paths (posix) every quoted relative path of `text` in `file` points to. */
function references(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/['"`](\.{1,2}\/[^'"`\s$]*)['"`]/g)) out.push(posix.normalize(posix.join(posix.dirname(file), m[1]!)));
  return out;
}

/** What breaks the boundary in a tree of `path → source` (paths repository-relative, posix). */
export function boundaryViolations(files: ReadonlyMap<string, string>): string[] {
  const bad: string[] = [];
  const importers = new Map<string, string[]>();
  for (const [file, text] of files) {
    for (const ref of references(file, text)) {
      if (file.startsWith('src/') && !file.endsWith('.test.ts') && (ref === 'test' || ref.startsWith('test/')))
        bad.push(`${file} refers to ${ref}: code of the tool may not depend on test support`);
      if (ref !== file) importers.set(ref, [...(importers.get(ref) ?? []), file]);
    }
  }
  for (const file of files.keys()) {
    if (!file.startsWith('src/') || !file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
    const users = importers.get(file) ?? [];
    if (users.length && users.every(isTestSide))
      bad.push(`${file} is used only by ${[...new Set(users)].sort().join(', ')}: move it to test/helpers/`);
  }
  return bad.sort();
}

function sources(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(join(ROOT, dir), { recursive: true }) as string[]) {
    if (!/\.(ts|mjs)$/.test(name) || name.split(sep).includes('node_modules')) continue;
    const path = join(dir, name);
    out.set(relative(ROOT, join(ROOT, path)).split(sep).join('/'), readFileSync(join(ROOT, path), 'utf8'));
  }
  return out;
}

test('the check finds both kinds of violation and nothing else', () => {
  const tree = new Map([
    ['src/a/index.ts', "import { x } from './util.ts';\nconst w = new URL('./worker.ts', import.meta.url);"],
    ['src/a/util.ts', 'export const x = 1;'],
    ['src/a/worker.ts', ''],
    ['src/a/index.test.ts', "import { f } from '../../test/helpers/f.ts';\nimport { sim } from './sim.ts';\nimport { x } from './util.ts';"],
    ['src/a/sim.ts', "import { rows } from '../../test/fixtures/rows.ts';"],
    ['src/cli/main.ts', "const COMMANDS = ['./run.ts'];"],
    ['src/cli/run.ts', ''],
    ['src/tool.ts', ''],
    ['bench/a.bench.ts', "import { sim } from '../src/a/sim.ts';"],
    ['test/helpers/f.ts', "import { x } from '../../src/a/util.ts';"],
  ]);
  assert.deepEqual(boundaryViolations(tree), [
    'src/a/sim.ts is used only by bench/a.bench.ts, src/a/index.test.ts: move it to test/helpers/',
    'src/a/sim.ts refers to test/fixtures/rows.ts: code of the tool may not depend on test support',
  ]);
});

test('src/ does not depend on test/, and holds no test-only module', () => {
  const files = new Map([...sources('src'), ...sources('test'), ...sources('bench'), ...sources('scripts')]);
  assert.ok(files.size > 50, `scanned only ${files.size} files`);
  assert.deepEqual(boundaryViolations(files), []);
});
