/**
 * All command output goes through here: aligned tables on a terminal, JSON or CSV when
 * asked; messages and errors to stderr.
 */
import type { Cell } from '../output/table.ts';

export type Format = 'table' | 'json' | 'csv';

/** Render rows as an aligned text table. */
export function textTable(rows: Record<string, Cell>[], columns = Object.keys(rows[0] ?? {})): string {
  const cells = rows.map((r) => columns.map((c) => fmt(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: string[]) =>
    vals.map((v, i) => (/^-?[\d.,]+%?$/.test(v) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function fmt(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(4);
  return String(v);
}

/** Print rows in the chosen format to stdout. */
export async function printRows(rows: Record<string, Cell>[], format: Format, columns?: string[]): Promise<void> {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  if (format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else if (format === 'csv') process.stdout.write((await import('../output/csv.ts')).toCsv({ columns: cols, rows }));
  else process.stdout.write(textTable(rows, cols) + '\n');
}

/** A message for the user, on stderr (stdout stays clean for data). */
export function info(msg: string): void {
  process.stderr.write(msg + '\n');
}
