/**
 * The XLSX workbook of a run: one sheet per indicator table (header row frozen, filters
 * on, suppressed cells blank) and an `about` sheet with the run's options and notes.
 * `rejects` is not exported (it can echo raw input values); its counts by reason are.
 */
import ExcelJS from 'exceljs';
import type { OutputTable } from '../output/table.ts';
import type { Manifest } from '../study/manifest.ts';

/** Tables never exported to the workbook. */
const EXCLUDED = new Set(['rejects']);

/** Build the workbook bytes. */
export async function workbook(tables: Map<string, OutputTable>, manifest: Manifest): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = `talentflow ${manifest.tool.version}`;
  const when = new Date(manifest.created);
  if (!Number.isNaN(when.getTime())) {
    wb.created = when;
    wb.modified = when;
  }
  const about = wb.addWorksheet('about');
  about.columns = [{ header: 'item', key: 'k', width: 32 }, { header: 'value', key: 'v', width: 80 }];
  about.addRow({ k: 'tool', v: `talentflow ${manifest.tool.version}` });
  about.addRow({ k: 'created', v: manifest.created });
  about.addRow({ k: 'note', v: 'Aggregates only. Cells below the disclosure threshold are blank with suppressed = true.' });
  for (const [k, v] of Object.entries(manifest.options ?? {})) about.addRow({ k: `option ${k}`, v: JSON.stringify(v) });
  for (const [k, v] of Object.entries(manifest.rows?.rejectedByReason ?? {})) about.addRow({ k: `rows rejected: ${k}`, v });
  about.getRow(1).font = { bold: true };

  for (const name of [...tables.keys()].sort()) {
    if (EXCLUDED.has(name)) continue;
    const tb = tables.get(name)!;
    const ws = wb.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = tb.columns.map((c) => ({ header: c, key: c, width: Math.max(10, Math.min(28, c.length + 4)) }));
    for (const r of tb.rows) ws.addRow(tb.columns.map((c) => r[c] ?? null));
    ws.getRow(1).font = { bold: true };
    if (tb.columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: tb.columns.length } };
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
