/**
 * Two output folders of the same study compared table by table, as the PostgreSQL tests
 * and benchmark do: the same header and rows in the same order, counts and other integers
 * the same text, other numbers within 1e-9 relative.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** One CSV row: column → cell text. */
export type CsvRow = Record<string, string>;

/** An output CSV: its header and its rows. */
export function readCsv(path: string): { header: string[]; rows: CsvRow[] } {
  const text = readFileSync(path, 'utf8');
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as CsvRow[];
  const header = (parse(text.split('\n')[0]!, {}) as string[][])[0] ?? [];
  return { header, rows };
}

/** Two cells equal: the same text, or two numbers within 1e-9 relative (integers must be the same text). */
export function sameCell(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (a === '' || b === '' || !Number.isFinite(x) || !Number.isFinite(y)) return false;
  if (Number.isInteger(x) && Number.isInteger(y) && !/[.e]/i.test(a + b)) return false;
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}

/** Every difference (at most 10) between one table as DuckDB (`a`) and PostgreSQL (`b`) wrote it, as messages. */
export function compareTable(name: string, a: { header: string[]; rows: CsvRow[] }, b: { header: string[]; rows: CsvRow[] }): string[] {
  const out: string[] = [];
  if (a.header.join(',') !== b.header.join(',')) return [`${name}: header ${b.header.join(',')} ≠ ${a.header.join(',')}`];
  if (a.rows.length !== b.rows.length) out.push(`${name}: ${b.rows.length} rows on PostgreSQL, ${a.rows.length} on DuckDB`);
  for (let i = 0; i < Math.min(a.rows.length, b.rows.length) && out.length < 10; i++) {
    for (const h of a.header) {
      if (!sameCell(a.rows[i]![h]!, b.rows[i]![h]!)) out.push(`${name} row ${i + 1} ${h}: PostgreSQL "${b.rows[i]![h]}", DuckDB "${a.rows[i]![h]}" (row ${JSON.stringify(a.rows[i])})`);
    }
  }
  return out;
}

/**
 * Every output table (`*.csv` but rejects.csv) of folder `duck` against the same file in
 * `pg`: the differences as messages (empty when equal) and how many tables and cells were compared.
 */
export function compareOutputs(duck: string, pg: string, only?: readonly string[]): { problems: string[]; tables: number; cells: number } {
  const files = readdirSync(duck).filter((f) => f.endsWith('.csv') && f !== 'rejects.csv').sort();
  const problems: string[] = [];
  let tables = 0;
  let cells = 0;
  for (const f of files) {
    const name = f.replace(/\.csv$/, '');
    if (only && !only.includes(name)) continue;
    const a = readCsv(join(duck, f));
    let b: ReturnType<typeof readCsv>;
    try {
      b = readCsv(join(pg, f));
    } catch {
      problems.push(`${name}: missing on PostgreSQL`);
      continue;
    }
    tables++;
    cells += a.rows.length * a.header.length;
    problems.push(...compareTable(name, a, b));
  }
  return { problems, tables, cells };
}
