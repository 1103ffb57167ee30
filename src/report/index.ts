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
import { svgToPng } from './png.ts';
import { regressionTables, regressionsHtmlPage, regressionsTex } from './regressions.ts';
import { t } from './i18n.ts';
import { workbook } from './xlsx.ts';

export { readOutputFolder, readRealFolder, OutputFolderError } from './read.ts';
export { buildReport } from './html.ts';

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
  const { html, charts } = await buildReport({ tables, manifest, options, real: args.extras?.real });
  put('report.html', html);

  for (const c of charts) {
    if (c.lang !== options.lang) continue;
    put(`exports/charts/${c.id}.svg`, c.svg);
    if (!args.skipPng) put(`exports/charts/${c.id}.png`, svgToPng(c.svg));
  }

  const all = new Map(tables);
  for (const [k, v] of args.extras?.real ?? []) if (!all.has(k)) all.set(k, v);
  put('exports/talentflow.xlsx', await workbook(all, manifest));

  const data = new ReportData(tables, options.focus);
  const regs = regressionTables(data, options.focus, data.latestYear(), options.lang, options.premiumControls);
  put('exports/regressions.html', regressionsHtmlPage(regs, options.lang, `${t(options.lang).title}: ${t(options.lang).premium}`));
  put('exports/regressions.tex', regressionsTex(regs, options.lang));
  return written.sort();
}
