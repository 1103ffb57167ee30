/**
 * The whole study, stage by stage: ingest → classify → measure → report. Every output
 * is built in a temporary folder that replaces OUT only when the run succeeds.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { Db, DuckDb, sql, sqlFile, fill } from '../db/index.ts';
import { ingest, sha256File, type IngestSummary } from '../ingest/index.ts';
import { buildFolderAtomic, toCsv, writeFileAtomic } from '../output/csv.ts';
import { roundTable } from '../output/number.ts';
import { CONTRACT_VERSION, findSchema, protectTables, type OutputTable } from '../contract/index.ts';
import type { Manifest } from './manifest.ts';
import type { StudyOptions } from './options.ts';
import type { StudyContext } from './context.ts';
import { STUDY_GRAPH } from './stages.ts';
import { VERSION } from './version.ts';
import { defaultYears } from '../measure/panel/index.ts';
import { SpillDir, defaultMemoryLimit, defaultTempBase, resourceError, type Resources } from './resources.ts';
import { worldStamp } from '../synth/stamp.ts';

export { VERSION };

/** Arguments of a study run. */
export interface RunArgs {
  data: string;
  out: string;
  options: StudyOptions;
  countryAliases?: string;
  /** Encoding of the CSV files when not UTF-8 (`--encoding`). */
  encoding?: string;
  /** Progress sink for stage names. */
  onStep?: (step: string, index: number, total: number) => void;
  /** Rows the engine's running query has processed of its total, polled a few times a second. */
  onRows?: (p: { rows: number; total: number }) => void;
  /** Log sink for stage details (quiet by default). */
  log?: (msg: string) => void;
  /** Tables of a real-data study (`talentflow demo-real`) for the report's real-data section. */
  real?: Map<string, OutputTable>;
  /** Write the report (default true). */
  report?: boolean;
  /** Memory limit, threads and spill folder of the engine (defaults: see `resources.ts`). */
  resources?: Resources;
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
  const memoryLimit = args.resources?.memoryLimit ?? defaultMemoryLimit();
  const threads = args.resources?.threads ?? availableParallelism();
  const spill = SpillDir.acquire(args.resources?.tempDir ?? defaultTempBase(args.out), args.out);
  for (const r of spill.reclaimed) args.log?.(`removed ${r.path}, left by a run that is gone`);
  let stage = 'ingest';
  const db = await Db.open(':memory:', { memoryLimit, threads }).catch((e: unknown) => {
    spill.release();
    throw e;
  });
  let poll: NodeJS.Timeout | undefined;
  try {
    await db.run(sql`SET temp_directory = ${spill.path}`);
    if (args.onRows) poll = await watchRows(db, args.onRows);
    const total = STUDY_GRAPH.plan(STUDY_GRAPH.defaultTargets(args.options)).length + 3;
    args.onStep?.('ingest', 0, total);
    const summary = await timed('ingest', () => ingest(db, args.data, { countryAliases: args.countryAliases, ...(args.encoding ? { encoding: args.encoding } : {}) }));
    const inputs = await timed('hash', async () =>
      Promise.all(summary.files.map(async (f) => ({ table: f.table, path: f.name, bytes: f.bytes, sha256: await sha256File(f.path) }))),
    );
    const years = await defaultYears(db, args.options);
    const synthetic = statSync(args.data).isDirectory() ? worldStamp(args.data) : undefined;
    const counts: Record<string, number> = {};
    const ctx: StudyContext = { db, options: args.options, years, log: args.log, counts };
    const { outputs, timings: stageTimings } = await STUDY_GRAPH.run(ctx, {
      onStage: (name, i) => {
        stage = name;
        args.onStep?.(name, i + 1, total);
      },
    });
    Object.assign(timings, stageTimings);
    // complementary suppression across every table, before anything is written or reported
    stage = 'disclosure';
    const { tables: protectedTables, summary: disclosure } = await timed('disclosure', async () =>
      protectTables(outputs, findSchema, { minCell: args.options.minCell, focus: args.options.focus, mode: args.options.suppression }),
    );
    stage = 'writing outputs';
    // Numbers as written (12 significant digits), so the CSV files, the workbook and the
    // report's charts and embedded data all show the same values.
    const tables = new Map([...protectedTables].map(([k, t]) => [k, roundTable(t)]));
    const manifest: Manifest = {
      tool: { name: 'talentflow', version: VERSION },
      contract: CONTRACT_VERSION,
      created: new Date().toISOString(),
      data: resolve(args.data),
      options: { ...args.options },
      resources: { memoryLimit, threads },
      inputs,
      rows: { read: summary.rowsRead, rejected: summary.rowsRejected, rejectedByReason: summary.rejectedByReason },
      years,
      countries: summary.countries,
      timings,
      ...(synthetic ? { synthetic } : {}),
      ...(Object.keys(counts).length ? { counts } : {}),
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
  } catch (e) {
    throw resourceError(e, stage, { memoryLimit, spill: spill.path });
  } finally {
    clearInterval(poll);
    db.close();
    spill.release();
    await (await workbookThread?.catch(() => undefined))?.close();
  }
}

/** Poll the engine's progress on its running query (DuckDB tracks it once asked to). */
async function watchRows(db: DuckDb, onRows: NonNullable<RunArgs['onRows']>): Promise<NodeJS.Timeout> {
  await db.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0');
  const t = setInterval(() => {
    const p = db.conn.progress;
    if (p.percentage >= 0 && p.total_rows_to_process > 0n) onRows({ rows: Number(p.rows_processed), total: Number(p.total_rows_to_process) });
  }, 250);
  t.unref();
  return t;
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
