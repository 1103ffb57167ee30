/**
 * Golden-file comparison for the report and chart SVGs. Output is normalised first (ids,
 * the manifest's creation time, the tool version); on mismatch `<name>-changed.<ext>` is
 * written beside the golden and the assertion fails. `UPDATE_GOLDEN=1` rewrites goldens.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GOLDEN_DIR = dirname(fileURLToPath(import.meta.url));

/** Normalise what may legitimately change between runs: timestamps, tool version, generated ids. */
export function normalise(text: string): string {
  const ids = new Map<string, string>();
  const idOf = (id: string) => {
    if (!ids.has(id)) ids.set(id, `id${ids.size + 1}`);
    return ids.get(id)!;
  };
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, 'TIMESTAMP')
    .replace(/talentflow \d+\.\d+\.\d+[-\w.]*/g, 'talentflow VERSION')
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${idOf(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${idOf(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${idOf(id)}"`);
}

/** Compare `actual` with `test/golden/<name>` after normalising. */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  const dot = name.lastIndexOf('.');
  const changed = join(GOLDEN_DIR, `${name.slice(0, dot)}-changed${name.slice(dot)}`);
  const got = normalise(actual);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(path, got);
    rmSync(changed, { force: true });
    return;
  }
  if (!existsSync(path)) {
    writeFileSync(changed, got);
    assert.fail(`golden ${name} is missing: wrote ${changed}; review it and rerun with UPDATE_GOLDEN=1`);
  }
  const want = readFileSync(path, 'utf8');
  if (got !== want) {
    writeFileSync(changed, got);
    assert.fail(`${name} differs from its golden: see ${changed} (rerun with UPDATE_GOLDEN=1 to accept)`);
  }
  rmSync(changed, { force: true });
}
