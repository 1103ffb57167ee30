/**
 * Reading a finished run's output folder back into tables (for `serve` and for re-rendering
 * the report): the contract CSVs and `manifest.json`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DataError } from '../errors.ts';
import { CONTRACT_VERSION, columnNames, findSchema, typeCell, type Cell, type OutputTable, type Row } from '../contract/index.ts';
import { parseCsv } from '../output/csv.ts';
// The survey study's schemas, so its CSVs are typed by the contract too.
import '../contract/survey.ts';
import type { Manifest } from '../study/manifest.ts';

/** The output folder lacks `manifest.json` or it cannot be parsed. */
export class OutputFolderError extends DataError {}

export { parseCsv };

/** A cell of a table outside the contract: empty → null, numbers and booleans parsed, else text. */
function guessCell(raw: string): Cell {
  if (raw === '') return null;
  if (/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

/**
 * Parse one output CSV into an OutputTable, typing each cell by the table's schema in the
 * contract. The header must be the schema's columns; `file` names the CSV in errors.
 * A CSV of a table the contract does not know is typed by {@link guessCell}.
 */
export function tableFromCsv(name: string, text: string, file = `${name}.csv`): OutputTable {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = records[0] ?? [];
  const schema = findSchema(name);
  if (schema) {
    const want = columnNames(schema);
    if (header.join(',') !== want.join(',')) {
      const missing = want.filter((c) => !header.includes(c));
      const extra = header.filter((c) => !want.includes(c));
      throw new OutputFolderError(
        `${file}: its columns do not match the output contract (version ${CONTRACT_VERSION})` +
          (missing.length ? `; missing: ${missing.join(', ')}` : '') +
          (extra.length ? `; not in the contract: ${extra.join(', ')}` : '') +
          (!missing.length && !extra.length ? '; the order differs' : '') +
          ': it was written by another version of talentflow, run the study again',
      );
    }
  }
  const specs = header.map((c) => schema?.columns.find((x) => x.name === c));
  const rows = records.slice(1).filter((r) => !(r.length === 1 && r[0] === '')).map((r, i) => {
    const row: Row = {};
    header.forEach((c, j) => {
      const raw = r[j] ?? '';
      const spec = specs[j];
      row[c] = spec ? typeCell(spec, raw, `${file} line ${i + 2}`) : guessCell(raw);
    });
    return row;
  });
  return { name, columns: header, rows };
}

/**
 * Read every `*.csv` of a run's output folder and its `manifest.json`. Throws
 * OutputFolderError when the folder or the manifest is missing or unreadable.
 */
export async function readOutputFolder(outDir: string): Promise<{ tables: Map<string, OutputTable>; manifest: Manifest }> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
  } catch (e) {
    throw new OutputFolderError(
      `${outDir} is not a finished talentflow run (no readable manifest.json): run \`talentflow run --out ${outDir}\` first`,
      { cause: e },
    );
  }
  const tables = new Map<string, OutputTable>();
  for (const f of (await readdir(outDir)).sort()) {
    if (!f.endsWith('.csv')) continue;
    const name = f.slice(0, -4);
    tables.set(name, tableFromCsv(name, await readFile(join(outDir, f), 'utf8')));
  }
  return { tables, manifest };
}

/**
 * The tables of a real-data study folder (written by `talentflow demo-real`), for the
 * report's "real data" section: every CSV of the folder, by file name, and, when the
 * folder has `real_study.json`, its inputs and threshold as the table `real_study`
 * (input file name, survey year, rows, persons, with_salary, min_ai).
 */
export async function readRealFolder(dir: string): Promise<Map<string, OutputTable>> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.csv')).sort();
  } catch (e) {
    throw new OutputFolderError(`${dir}: cannot read the real-data folder; write it with \`talentflow demo-real --out ${dir}\``, { cause: e });
  }
  if (!files.length) throw new OutputFolderError(`${dir} holds no real-data tables (CSV); write it with \`talentflow demo-real --out ${dir}\``);
  const tables = new Map<string, OutputTable>();
  for (const f of files) tables.set(f.slice(0, -4), tableFromCsv(f.slice(0, -4), await readFile(join(dir, f), 'utf8')));
  const meta = await readFile(join(dir, 'real_study.json'), 'utf8').catch(() => null);
  if (meta !== null) {
    let m: { minAi?: number; inputs?: { file: string; year: number | null; rows: number; persons: number; with_salary: number }[] };
    try {
      m = JSON.parse(meta) as typeof m;
    } catch (e) {
      throw new OutputFolderError(`${join(dir, 'real_study.json')} cannot be parsed; write the folder again with \`talentflow demo-real --out ${dir}\``, { cause: e });
    }
    tables.set('real_study', {
      name: 'real_study',
      columns: ['input', 'year', 'rows', 'persons', 'with_salary', 'min_ai'],
      rows: (m.inputs ?? []).map((i) => ({ input: basename(i.file), year: i.year, rows: i.rows, persons: i.persons, with_salary: i.with_salary, min_ai: m.minAi ?? null })),
    });
  }
  return tables;
}
