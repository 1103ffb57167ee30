/**
 * The whole study, stage by stage: ingest → classify → measure → report. Every output
 * is built in a temporary folder that replaces OUT only when the run succeeds.
 */
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { Db, sql, sqlFile, fill } from '../db/index.ts';
import { ingest, sha256File, type IngestSummary } from '../ingest/index.ts';
import { buildFolderAtomic, toCsv, writeFileAtomic } from '../output/csv.ts';
import { CONTRACT_VERSION, findSchema, protectTables, type OutputTable } from '../contract/index.ts';
import type { Manifest } from './manifest.ts';
import type { StudyOptions } from './options.ts';
import type { StudyContext } from './context.ts';
import { STUDY_GRAPH } from './stages.ts';
import { VERSION } from './version.ts';
import { defaultYears } from '../measure/panel/index.ts';

export { VERSION };

/** Arguments of a study run. */
export interface RunArgs {
  data: string;
  out: string;
  options: StudyOptions;
  countryAliases?: string;
  /** Progress sink for stage names. */
  onStep?: (step: string, index: number, total: number) => void;
  /** Log sink for stage details (quiet by default). */
  log?: (msg: string) => void;
  /** Tables of a real-data study (`talentflow demo-real`) for the report's real-data section. */
  real?: Map<string, OutputTable>;
  /** Write the report (default true). */
  report?: boolean;
}

/** What a run produced. */
export interface RunResult {
  manifest: Manifest;
  tables: Map<string, OutputTable>;
  ingest: IngestSummary;
}

/** Run the study on a dataset folder and write the output folder atomically. */
export async function runStudy(args: RunArgs): Promise<RunResult> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = Math.round(performance.now() - t0) / 1000;
    }
  };
  // The report's modules (vega, ExcelJS, resvg: ~2 s to load) start loading now, while
  // the engine works, rather than after the last stage.
  const reportModule = args.report !== false ? import('../report/index.ts') : undefined;
  reportModule?.catch(() => undefined); // a load failure surfaces where it is awaited
  // So does the report's workbook thread (its start-up is then out of the way).
  const workbookThread = reportModule?.then((m) => new m.WorkbookThread());
  workbookThread?.catch(() => undefined);
  const db = await Db.open(':memory:');
  await db.run(sql`SET temp_directory = ${join(tmpdir(), 'talentflow-spill')}`);
  try {
    const total = STUDY_GRAPH.plan(STUDY_GRAPH.defaultTargets(args.options)).length + 3;
    args.onStep?.('ingest', 0, total);
    const summary = await timed('ingest', () => ingest(db, args.data, { countryAliases: args.countryAliases }));
    const inputs = await timed('hash', async () =>
      Promise.all(summary.files.map(async (f) => ({ table: f.table, path: f.name, bytes: f.bytes, sha256: await sha256File(f.path) }))),
    );
    const years = await defaultYears(db, args.options);
    const ctx: StudyContext = { db, options: args.options, years, log: args.log };
    const { outputs, timings: stageTimings } = await STUDY_GRAPH.run(ctx, {
      onStage: (name, i) => args.onStep?.(name, i + 1, total),
    });
    Object.assign(timings, stageTimings);
    // complementary suppression across every table, before anything is written or reported
    const { tables, summary: disclosure } = await timed('disclosure', async () =>
      protectTables(outputs, findSchema, { minCell: args.options.minCell, focus: args.options.focus, mode: args.options.suppression }),
    );
    const manifest: Manifest = {
      tool: { name: 'talentflow', version: VERSION },
      contract: CONTRACT_VERSION,
      created: new Date().toISOString(),
      data: resolve(args.data),
      options: { ...args.options },
      inputs,
      rows: { read: summary.rowsRead, rejected: summary.rowsRejected, rejectedByReason: summary.rejectedByReason },
      years,
      countries: summary.countries,
      timings,
      disclosure,
      outputs: [],
    };
    args.onStep?.('writing outputs', total - 1, total);
    await buildFolderAtomic(args.out, async (dir) => {
      for (const t of tables.values()) writeFileAtomic(join(dir, `${t.name}.csv`), toCsv(t));
      await db.run(fill(sqlFile(import.meta.url, 'rejects.sql'), { path: sql`${join(dir, 'rejects.csv')}` }));
      manifest.outputs = [...[...tables.keys()].map((n) => `${n}.csv`), 'rejects.csv', 'manifest.json'];
      if (args.report !== false) {
        const t0 = performance.now();
        const files = await writeReportIfAvailable(reportModule!, await workbookThread!, dir, tables, manifest, args.options, args.real);
        timings.report = Math.round(performance.now() - t0) / 1000;
        manifest.outputs.push(...files);
      }
      writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    });
    return { manifest, tables, ingest: summary };
  } finally {
    db.close();
    await (await workbookThread?.catch(() => undefined))?.close();
  }
}

async function writeReportIfAvailable(
  mod: Promise<typeof import('../report/index.ts')>,
  workbookThread: import('../report/index.ts').WorkbookThread,
  dir: string,
  tables: Map<string, OutputTable>,
  manifest: Manifest,
  options: StudyOptions,
  real: Map<string, OutputTable> | undefined,
): Promise<string[]> {
  const { writeReport } = await mod;
  return writeReport({ outDir: dir, tables, manifest, options, workbookThread, ...(real ? { extras: { real } } : {}) });
}
