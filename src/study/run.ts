/**
 * The whole study, stage by stage: ingest → classify → measure → report. Every output
 * is built in a temporary folder that replaces OUT only when the run succeeds.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { Db, DuckDb, sql, sqlFile, fill, join as joinSql, type Sql } from '../db/index.ts';
import { TalentflowError } from '../errors.ts';
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
import { SpillDir, defaultMemoryLimit, engineMemory, defaultTempBase, resourceError, type Resources } from './resources.ts';
import { worldStamp } from '../synth/stamp.ts';

export { VERSION };

/** Where a study reads its data on a PostgreSQL server (`talentflow run --source`). */
export interface SourceArgs {
  /** postgres://USER@HOST:PORT/DB (PG* variables and ~/.pgpass fill in the rest; never shown with a password). */
  url: string;
  /** `KIND=SCHEMA.TABLE` mappings (`--source-table`). */
  tables?: string[];
  /** All five tables in this schema (`--source-schema`). */
  schema?: string;
  /** `statement_timeout` of the session in ms (`--pg-statement-timeout`; 0 keeps the server's). */
  statementTimeoutMs?: number;
}

/** Arguments of a study run: a dataset folder (`data`) or a PostgreSQL source (`source`). */
export interface RunArgs {
  /** Dataset folder in the Revelio schema (unused with `source`). */
  data: string;
  /** Run on a PostgreSQL server where the data live, instead of the embedded DuckDB on `data`. */
  source?: SourceArgs;
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

/** The run was stopped by a signal (Ctrl-C, SIGTERM): nothing was written (exit 130 / 143). */
export class RunCancelledError extends TalentflowError {
  override readonly exitCode: number;
  constructor(signal: NodeJS.Signals, out: string, options?: { cause?: unknown }) {
    super(`run cancelled by ${signal}: the query running on the server was cancelled and the session closed; ${out} was left as it was`, options);
    this.exitCode = signal === 'SIGINT' ? 130 : 143;
  }
}

/** A query on the server ran longer than the statement timeout (exit 1). */
export class StatementTimeoutError extends TalentflowError {}

/** `timed(name, f)`: run f and record its seconds (3 decimals) in `timings[name]`. */
function timer(timings: Record<string, number>) {
  return async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timings[name] = Math.round(performance.now() - t0) / 1000;
    }
  };
}

/**
 * Run the study on a dataset folder (the embedded DuckDB) or on a PostgreSQL source
 * (`args.source`), and write the output folder atomically.
 */
export async function runStudy(args: RunArgs): Promise<RunResult> {
  if (args.source) return runOnSource(args, args.source);
  const timings: Record<string, number> = {};
  const timed = timer(timings);
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
  // The study's tables live in a database file in the run's spill folder, removed with it:
  // DuckDB compresses a file's tables (an in-memory database's it does not), so a large
  // study's tables take a fraction of --memory-limit and spill less.
  const db = await Db.open(join(spill.path, 'study.duckdb'), { ...engineMemory(memoryLimit), threads }).catch((e: unknown) => {
    spill.release();
    throw e;
  });
  let poll: NodeJS.Timeout | undefined;
  try {
    await db.run(sql`SET temp_directory = ${spill.path}`);
    if (args.onRows) poll = await watchRows(db, args.onRows);
    const total = STUDY_GRAPH.plan(STUDY_GRAPH.defaultTargets(args.options)).length + 3;
    args.onStep?.('ingest', 0, total);
    // the study's own database: positions keeps only the role and industry columns it reads
    const summary = await timed('ingest', () => ingest(db, args.data, {
      countryAliases: args.countryAliases, ...(args.encoding ? { encoding: args.encoding } : {}), study: args.options,
    }));
    const inputs = await timed('hash', async () =>
      Promise.all(summary.files.map(async (f) => ({ table: f.table, path: f.name, bytes: f.bytes, sha256: await sha256File(f.path) }))),
    );
    const synthetic = statSync(args.data).isDirectory() ? worldStamp(args.data) : undefined;
    const run = await measureAndWrite(db, args, summary, {
      data: resolve(args.data), resources: { memoryLimit, threads }, inputs, ...(synthetic ? { synthetic } : {}),
    }, { timings, timed, total, reportModule, workbookThread, setStage: (s) => (stage = s) });
    return run;
  } catch (e) {
    throw resourceError(e, stage, { memoryLimit, spill: spill.path });
  } finally {
    clearInterval(poll);
    db.close();
    spill.release();
    await (await workbookThread?.catch(() => undefined))?.close();
  }
}

/**
 * The study on a PostgreSQL source: one session (SELECT on the source, TEMP tables for
 * everything the study builds), ingest validated on the server, the same stages. SIGINT
 * and SIGTERM cancel the running query on the server and close the session; the run then
 * fails with {@link RunCancelledError} and OUT is left as it was.
 */
async function runOnSource(args: RunArgs, source: SourceArgs): Promise<RunResult> {
  const { openSource, prepareSession, redactUrl, sourceTables } = await import('../ingest/postgres/source.ts');
  const { ingestSource, qualifiedName } = await import('../ingest/postgres/ingest.ts');
  const where = sourceTables({ ...(source.schema !== undefined ? { schema: source.schema } : {}), ...(source.tables ? { tables: source.tables } : {}) });
  const timings: Record<string, number> = {};
  const timed = timer(timings);
  // connected first: a refused connection leaves no report thread behind
  const db = await openSource(source.url);
  const reportModule = args.report !== false ? import('../report/index.ts') : undefined;
  reportModule?.catch(() => undefined);
  const workbookThread = reportModule?.then((m) => new m.WorkbookThread());
  workbookThread?.catch(() => undefined);
  let cancelled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (cancelled) return;
    cancelled = signal;
    args.log?.(`${signal}: cancelling the query running on the server`);
    void db.cancel().catch(() => undefined).finally(() => db.close().catch(() => undefined));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let stage = 'ingest';
  let timeout = 0;
  try {
    timeout = await prepareSession(db, source.statementTimeoutMs ?? 0);
    const total = STUDY_GRAPH.plan(STUDY_GRAPH.defaultTargets(args.options)).length + 3;
    args.onStep?.('ingest', 0, total);
    const summary = await timed('ingest', () => ingestSource(db, where, { ...(args.countryAliases ? { countryAliases: args.countryAliases } : {}) }));
    const tables = Object.fromEntries(Object.entries(where).map(([k, v]) => [k, qualifiedName(v)]));
    return await measureAndWrite(db, args, summary, {
      data: redactUrl(source.url), inputs: [], source: { url: redactUrl(source.url), tables, statementTimeoutMs: timeout },
    }, { timings, timed, total, reportModule, workbookThread, setStage: (s) => (stage = s) });
  } catch (e) {
    if (cancelled) throw new RunCancelledError(cancelled, args.out, { cause: e });
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === '57014' && /statement timeout/.test(cause.message ?? '')) {
      throw new StatementTimeoutError(
        `a query on the server ran longer than the statement timeout (${timeout} ms) in the ${stage} stage; nothing was written to ${args.out}. Raise --pg-statement-timeout (e.g. 6h), or give 0 to keep the server's own timeout.`,
        { cause: e },
      );
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!cancelled) await db.close().catch(() => undefined);
    await (await workbookThread?.catch(() => undefined))?.close();
  }
}

/** What a run shares between the engines once ingest is done. */
interface RunState {
  timings: Record<string, number>;
  timed: <T>(name: string, f: () => Promise<T>) => Promise<T>;
  total: number;
  reportModule: Promise<typeof import('../report/index.ts')> | undefined;
  workbookThread: Promise<import('../report/index.ts').WorkbookThread> | undefined;
  setStage: (stage: string) => void;
}

/** The stages, disclosure control and the output folder, on either engine. */
async function measureAndWrite(
  db: Db, args: RunArgs, summary: IngestSummary, head: Pick<Manifest, 'data' | 'inputs' | 'resources' | 'source' | 'synthetic'>, run: RunState,
): Promise<RunResult> {
  const years = await defaultYears(db, args.options);
  const counts: Record<string, number> = {};
  const ctx: StudyContext = { db, options: args.options, years, log: args.log, counts };
  const { outputs, timings: stageTimings } = await STUDY_GRAPH.run(ctx, {
    // each table dropped once no later stage needs it (rejects.csv is written after the
    // stages): memory the engine would otherwise hold or spill. On PostgreSQL the session's
    // temporary tables go with the session.
    ...(db.dialect === 'duckdb' ? { release: { keep: ['rejects'] } } : {}),
    onStage: (name, i) => {
      run.setStage(name);
      args.onStep?.(name, i + 1, run.total);
    },
  });
  Object.assign(run.timings, stageTimings);
  // complementary suppression across every table, before anything is written or reported
  run.setStage('disclosure');
  const { tables: protectedTables, summary: disclosure } = await run.timed('disclosure', async () =>
    protectTables(outputs, findSchema, { minCell: args.options.minCell, focus: args.options.focus, mode: args.options.suppression }),
  );
  run.setStage('writing outputs');
  // Numbers as written (12 significant digits), so the CSV files, the workbook and the
  // report's charts and embedded data all show the same values.
  const tables = new Map([...protectedTables].map(([k, t]) => [k, roundTable(t)]));
  const manifest: Manifest = {
    tool: { name: 'talentflow', version: VERSION },
    contract: CONTRACT_VERSION,
    created: new Date().toISOString(),
    data: head.data,
    ...(head.source ? { source: head.source } : {}),
    options: { ...args.options },
    ...(head.resources ? { resources: head.resources } : {}),
    inputs: head.inputs,
    rows: { read: summary.rowsRead, rejected: summary.rowsRejected, rejectedByReason: summary.rejectedByReason },
    years,
    countries: summary.countries,
    timings: run.timings,
    ...(head.synthetic ? { synthetic: head.synthetic } : {}),
    ...(Object.keys(counts).length ? { counts } : {}),
    disclosure,
    outputs: [],
  };
  args.onStep?.('writing outputs', run.total - 1, run.total);
  await buildFolderAtomic(args.out, async (dir) => {
    for (const t of tables.values()) writeFileAtomic(join(dir, `${t.name}.csv`), toCsv(t));
    await writeRejects(db, join(dir, 'rejects.csv'));
    manifest.outputs = [...[...tables.keys()].map((n) => `${n}.csv`), 'rejects.csv', 'manifest.json'];
    if (args.report !== false) {
      const t0 = performance.now();
      const files = await writeReportIfAvailable(run.reportModule!, await run.workbookThread!, dir, tables, manifest, args.options, args.real);
      run.timings.report = Math.round(performance.now() - t0) / 1000;
      manifest.outputs.push(...files);
    }
    writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  });
  return { manifest, tables, ingest: summary };
}

/**
 * rejects.csv (see rejects.sql): written by DuckDB's COPY; from a server, the rejects are
 * copied into an in-memory DuckDB first, so both engines write the same bytes.
 */
async function writeRejects(db: Db, path: string): Promise<void> {
  const write = fill(sqlFile(import.meta.url, 'rejects.sql'), { path: sql`${path}` });
  if (db.dialect === 'duckdb') return db.run(write);
  const local = await DuckDb.open();
  try {
    await local.run('CREATE TABLE rejects (file VARCHAR, line BIGINT, "column" VARCHAR, reason VARCHAR, value VARCHAR, action VARCHAR)');
    let batch: Sql[] = [];
    const flush = async () => {
      if (batch.length) await local.run(sql`INSERT INTO rejects VALUES ${joinSql(batch)}`);
      batch = [];
    };
    for await (const b of db.batches('SELECT file, line, "column", reason, value, action FROM rejects')) {
      for (let i = 0; i < b.rowCount; i++) {
        const v = [0, 1, 2, 3, 4, 5].map((j) => b.column(j)[i]) as (string | number | null)[];
        batch.push(sql`(${v[0]!}, ${v[1] === null ? null : Number(v[1])}, ${v[2]!}, ${v[3]!}, ${v[4]!}, ${v[5]!})`);
        if (batch.length >= 1000) await flush();
      }
    }
    await flush();
    await local.run(write);
  } finally {
    local.close();
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
