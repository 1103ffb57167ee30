/**
 * Golden files for what the project decides: the report page's text, tables and structure
 * (`report.html`) and the vega-lite spec of every chart (`charts/<id>.vl.json`), never the
 * bytes a library renders. Text is normalised by the caller first (`pageForGolden`:
 * embedded SVGs, data URIs, the creation time, the tool version); on mismatch
 * `<name>-changed.<ext>` is written beside the golden and the assertion fails.
 * `UPDATE_GOLDEN=1` rewrites goldens.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GOLDEN_DIR = dirname(fileURLToPath(import.meta.url));

/** Replace what differs from run to run without meaning: timestamps and the tool version. */
export function normaliseRun(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, 'TIMESTAMP')
    .replace(/talentflow \d+\.\d+\.\d+[-\w.]*/g, 'talentflow VERSION');
}

/** `normaliseRun`, and generated ids renumbered in order of first appearance (with their references). */
export function normalise(text: string): string {
  const ids = new Map<string, string>();
  const idOf = (id: string) => {
    if (!ids.has(id)) ids.set(id, `id${ids.size + 1}`);
    return ids.get(id)!;
  };
  return normaliseRun(text)
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${idOf(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${idOf(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${idOf(id)}"`);
}

/** Block-level tags that start a new line in the page golden, so a diff shows the changed row or paragraph. */
const BLOCK = /<(?=(?:section|header|footer|nav|h[1-3]|p|ul|ol|li|figure|figcaption|div|table|caption|thead|tbody|tr)[\s>])/g;

/**
 * The report page as its golden holds it: every inline SVG (vega's chart renders, the
 * map) becomes `<svg data-golden="stub"/>` (the charts have their spec goldens), every
 * embedded data URI becomes `data:URI`, the body is broken into one block element per
 * line, then `normaliseRun`. Text, tables, section structure and ids, figure placement,
 * the CSP, style and script are kept as they are.
 */
export function pageForGolden(html: string): string {
  const stubbed = html
    .replace(/<svg[\s>][\s\S]*?<\/svg>/g, '<svg data-golden="stub"/>')
    .replace(/data:[a-z]+\/[-+.\w]+(;[-\w]+=[-\w]+)*(;base64)?,[^"')\s<]*/gi, 'data:URI');
  const start = stubbed.indexOf('<body>');
  const end = stubbed.lastIndexOf('<script>');
  const page = start >= 0 && end > start ? stubbed.slice(0, start) + stubbed.slice(start, end).replace(BLOCK, '\n<') + stubbed.slice(end) : stubbed;
  return normaliseRun(page.replace(/\n{2,}/g, '\n'));
}

/**
 * JSON with object keys sorted (so a reordered literal is not a change) and two-space
 * indentation; an array or object of plain values (a data row), or one that fits in 100
 * characters, stays on one line. Numbers are printed as JavaScript prints them (exact
 * round trip).
 */
export function stableJson(value: unknown): string {
  // `lead`: characters before the value on its line (indentation and key).
  const render = (v: unknown, indent: string, lead: number): string => {
    if (v === null || typeof v !== 'object') {
      const s = JSON.stringify(v);
      if (s === undefined) throw new Error(`not JSON: ${String(v)}`);
      return s;
    }
    const inner = indent + '  ';
    const parts = Array.isArray(v)
      ? v.map((x) => render(x, inner, inner.length))
      : Object.keys(v)
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => `${JSON.stringify(k)}: ${render((v as Record<string, unknown>)[k], inner, inner.length + JSON.stringify(k).length + 2)}`);
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    if (!parts.length) return open + close;
    const flat = `${open}${parts.join(', ')}${close}`;
    const plain = Object.values(v).every((x) => x === null || typeof x !== 'object');
    if (plain || (!flat.includes('\n') && lead + flat.length <= 100)) return flat;
    return `${open}\n${parts.map((p) => inner + p).join(',\n')}\n${indent}${close}`;
  };
  return render(value, '', 0) + '\n';
}

/** Compare `got` with `<dir>/<name>` byte for byte (or rewrite it under `UPDATE_GOLDEN=1`). */
function compare(name: string, got: string, dir: string): void {
  const path = join(dir, name);
  const base = basename(name);
  const dot = base.indexOf('.');
  const changed = join(dirname(path), dot < 0 ? `${base}-changed` : `${base.slice(0, dot)}-changed${base.slice(dot)}`);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, got);
    rmSync(changed, { force: true });
    return;
  }
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
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

/**
 * Compare text, normalised by the caller (`pageForGolden`, `normalise`), with
 * `test/golden/<name>` (or `<dir>/<name>`).
 */
export function assertGolden(name: string, text: string, dir = GOLDEN_DIR): void {
  compare(name, text, dir);
}

/** Compare a JSON value (e.g. a vega-lite spec) as `stableJson` with `test/golden/<name>` (or `<dir>/<name>`). */
export function assertGoldenJson(name: string, value: unknown, dir = GOLDEN_DIR): void {
  compare(name, stableJson(value), dir);
}
