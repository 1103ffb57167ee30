/**
 * CSV and atomic file output. Every file is written to a temporary name and renamed into
 * place; a run's folder is built under a temporary name and swapped in whole, so a killed
 * run leaves the last good result intact.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Cell, OutputTable } from './table.ts';
import { roundSig } from './number.ts';

/**
 * Split CSV text into records (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a
 * leading BOM dropped), with csv-parse. Records may have different lengths.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
}

/** Format one cell: null → empty, numbers rounded to 12 significant digits (`roundSig`) in shortest form, quotes as needed. */
export function csvCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(roundSig(v)) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Serialise a table as CSV text with a header row. */
export function toCsv(table: Pick<OutputTable, 'columns' | 'rows'>): string {
  const lines = [table.columns.join(',')];
  for (const r of table.rows) lines.push(table.columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\n') + '\n';
}

/** Write a file atomically (temp file in the same folder + rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Build an output folder atomically: `fill(tmpDir)` writes everything into a fresh
 * temporary folder beside `out`, which then replaces `out` by rename. On failure the
 * temporary folder is removed and `out` is untouched.
 */
export async function buildFolderAtomic(out: string, fill: (tmpDir: string) => Promise<void>): Promise<void> {
  const parent = dirname(out);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(out)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  try {
    await fill(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const old = join(parent, `.${basename(out)}.old-${process.pid}-${Date.now()}`);
  if (existsSync(out)) renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
}
