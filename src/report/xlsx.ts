/**
 * The XLSX workbook of a run: one sheet per indicator table (header row frozen, filters
 * on, suppressed cells blank) and an `about` sheet with the run's options and notes.
 * Tables the contract marks unpublished (`rejects`, which can echo raw input values) are
 * not exported; the rejects' counts by reason are.
 * Written by the small SpreadsheetML writer beside it (xlsx-writer.ts): plain values, no styles.
 */
import { findSchema, type OutputTable } from '../contract/index.ts';
import type { Manifest } from '../study/manifest.ts';
import { writeXlsx, type XlsxCell, type XlsxSheet } from './xlsx-writer.ts';

/** Build the workbook bytes. */
export async function workbook(tables: Map<string, OutputTable>, manifest: Manifest): Promise<Uint8Array> {
  const about: XlsxCell[][] = [
    ['tool', `talentflow ${manifest.tool.version}`],
    ['created', manifest.created],
    ['note', 'Aggregates only. Cells below the disclosure threshold are blank with suppressed = true.'],
  ];
  for (const [k, v] of Object.entries(manifest.options ?? {})) about.push([`option ${k}`, JSON.stringify(v)]);
  for (const [k, v] of Object.entries(manifest.rows?.rejectedByReason ?? {})) about.push([`rows rejected: ${k}`, v]);
  const sheets: XlsxSheet[] = [{ name: 'about', columns: [{ header: 'item', width: 32 }, { header: 'value', width: 80 }], rows: about }];

  for (const name of [...tables.keys()].sort()) {
    if (findSchema(name)?.published === false) continue;
    const tb = tables.get(name)!;
    sheets.push({
      name,
      columns: tb.columns.map((c) => ({ header: c, width: Math.max(10, Math.min(28, c.length + 4)) })),
      rows: (function* () {
        for (const r of tb.rows) yield tb.columns.map((c) => r[c]);
      })(),
      freezeHeader: true,
      autoFilter: true,
    });
  }
  const when = new Date(manifest.created);
  return writeXlsx(sheets, { creator: `talentflow ${manifest.tool.version}`, ...(Number.isNaN(when.getTime()) ? {} : { created: when }) });
}
