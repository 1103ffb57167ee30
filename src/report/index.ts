/**
 * The report stage: `report.html` (one self-contained offline page) and the `exports/`
 * folder beside it — each chart as SVG and PNG, the XLSX workbook (a sheet per indicator)
 * and the premium regressions as HTML and LaTeX tables.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../output/csv.ts';
import type { OutputTable } from '../output/table.ts';
import type { Manifest } from '../study/manifest.ts';
import type { StudyOptions } from '../study/options.ts';
import { ReportData } from './data.ts';
import { buildReport } from './html.ts';
import { svgToPngAsync } from './png.ts';
import { regressionTables, regressionsHtmlPage, regressionsTex } from './regressions.ts';
import { t } from './i18n.ts';
import { WorkbookThread } from './xlsx-thread.ts';

export { readOutputFolder, readRealFolder, OutputFolderError } from './read.ts';
export { buildReport } from './html.ts';
export { WorkbookThread } from './xlsx-thread.ts';

/** Arguments of writeReport. */
export interface WriteReportArgs {
  outDir: string;
  /** The contract tables by name (suppressed cells already null). */
  tables: Map<string, OutputTable>;
  manifest: Manifest;
  options: StudyOptions;
  /** Optional extra inputs: `real` adds the real-data section (tables rendered generically). */
  extras?: { real?: Map<string, OutputTable> };
  /** Skip the PNG renders (tests); default false. */
  skipPng?: boolean;
  /** A workbook thread started earlier (its start-up then costs nothing here); default: one is started now. */
  workbookThread?: WorkbookThread;
}

/**
 * Write `report.html` and `exports/` into `outDir`, each file atomically. Returns the
 * paths written, relative to `outDir` (POSIX separators), sorted.
 */
export async function writeReport(args: WriteReportArgs): Promise<string[]> {
  const { outDir, tables, manifest, options } = args;
  const written: string[] = [];
  const put = (rel: string, data: string | Uint8Array) => {
    writeFileAtomic(join(outDir, ...rel.split('/')), data);
    written.push(rel);
  };
  // Three things at once: the workbook in a worker thread, the charts and the page here,
  // then the PNGs in Node's thread pool.
  const all = new Map(tables);
  for (const [k, v] of args.extras?.real ?? []) if (!all.has(k)) all.set(k, v);
  const thread = args.workbookThread ?? new WorkbookThread();
  try {
    const xlsx = thread.build(all, manifest);
    xlsx.catch(() => undefined); // awaited below; an early failure must not go unhandled meanwhile
    const { html, charts } = await buildReport({ tables, manifest, options, real: args.extras?.real });
    put('report.html', html);

    const mine = charts.filter((c) => c.lang === options.lang);
    const pngs = args.skipPng ? [] : mine.map((c) => svgToPngAsync(c.svg));
    for (const [i, c] of mine.entries()) {
      put(`exports/charts/${c.id}.svg`, c.svg);
      if (!args.skipPng) put(`exports/charts/${c.id}.png`, await pngs[i]!);
    }
    put('exports/talentflow.xlsx', await xlsx);
  } finally {
    await thread.close();
  }

  const data = new ReportData(tables, options.focus);
  const regs = regressionTables(data, options.focus, data.latestYear(), options.lang, options.premiumControls);
  put('exports/regressions.html', regressionsHtmlPage(regs, options.lang, `${t(options.lang).title}: ${t(options.lang).premium}`));
  put('exports/regressions.tex', regressionsTex(regs, options.lang));
  return written.sort();
}
