/**
 * The stages classify, panel (origins, the year-end panel, job changes), bootstrap,
 * headcount, flows, abroad, mobility, composition and sensitivity give on PostgreSQL what
 * they give on DuckDB. On seeded synthetic worlds, ingest runs on DuckDB, its tables are
 * mirrored into a PostgreSQL database as a role with only CONNECT and TEMP rights (the
 * database's default collation an ICU one, so that every text order the outputs depend on
 * must be spelled out), and the stage graph runs the same targets on both engines. Every
 * table the stages build is compared row by row (sorted; doubles to 1e-12 relative), and
 * every output table in its published order (counts exact, doubles to 1e-9 relative, the
 * same suppressed cells and bootstrap intervals).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DuckDb, type Db } from '../../src/db/index.ts';
import { PgDb, PG_TYPES } from '../../src/db/postgres.ts';
import { ingest } from '../../src/ingest/index.ts';
import { generateWorld } from '../../src/synth/index.ts';
import { defaultYears } from '../../src/measure/panel/index.ts';
import { buildOrigins } from '../../src/measure/origin/index.ts';
import { studyOptions, type StudyOptions } from '../../src/study/options.ts';
import { SOURCE_TABLES, STUDY_GRAPH } from '../../src/study/stages.ts';
import type { StudyContext } from '../../src/study/context.ts';
import type { OutputTable } from '../../src/contract/index.ts';
import { mirrorTables, pgCluster, pgSkip } from '../helpers/pg-db.ts';

const ROLE = 'tf_stage_reader';
const TARGETS = ['classify', 'panel', 'bootstrap', 'headcount', 'flows', 'abroad', 'mobility', 'composition', 'sensitivity'];
/** The tables these stages build (the panel view included: premium and sensitivity read it). */
const BUILT = [
  'ai_skills', 'users_ai', 'origins', 'panel_codes', 'panel_country', 'panel_user', 'panel_core', 'panel', 'panel_pos', 'job_changes', 'boot_units', 'boot_multipliers',
];

let dbs = 0;

/**
 * A new database whose default collation is ICU en-US (not byte order), and a `PgDb` on
 * it as `ROLE`, which may only connect and create TEMP tables.
 */
async function icuPgDb(): Promise<PgDb> {
  const c = pgCluster();
  const name = `tf_stages_${process.pid}_${++dbs}`;
  c.psql(`create database ${name} template template0 locale_provider icu icu_locale 'en-US' locale 'C'`);
  c.psql(`do $$ begin if not exists (select 1 from pg_roles where rolname = '${ROLE}') then create role ${ROLE} login; end if; end $$;
    revoke all on database ${name} from public; grant connect, temp on database ${name} to ${ROLE};`);
  const client = new pg.Client({ connectionString: c.url(ROLE, name), types: PG_TYPES });
  await client.connect();
  return new PgDb(client);
}

/** Both engines holding the ingest tables of a world, with the years of a study on it. */
async function engines(data: string, options: StudyOptions): Promise<{ duck: DuckDb; pgdb: PgDb; years: number[] }> {
  const duck = await DuckDb.open(':memory:', { threads: 2 });
  await ingest(duck, data);
  const pgdb = await icuPgDb();
  const present: string[] = [];
  for (const t of SOURCE_TABLES) if (await duck.hasTable(t)) present.push(t);
  await mirrorTables(duck, pgdb, present);
  return { duck, pgdb, years: await defaultYears(duck, options) };
}

/** Relative difference of two numbers (0 when equal, NaN-safe). */
function rel(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** Where two values differ beyond `tol` (doubles) or at all (everything else); undefined when equal. */
function diff(a: unknown, b: unknown, tol: number, path: string): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isInteger(a) && Number.isInteger(b)) return a === b ? undefined : `${path}: ${a} ≠ ${b}`;
    return rel(a, b) <= tol ? undefined : `${path}: ${a} ≠ ${b} (rel ${rel(a, b)})`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], b[i], tol, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}

/** Compare two row lists in order; integers (counts) exactly, other numbers to `tol`. */
function compareRows(what: string, duck: Record<string, unknown>[], pgr: Record<string, unknown>[], tol: number): void {
  assert.equal(pgr.length, duck.length, `${what}: ${pgr.length} rows on PostgreSQL, ${duck.length} on DuckDB`);
  assert.ok(duck.length > 0, `${what}: no rows to compare`);
  const cols = Object.keys(duck[0]!);
  assert.deepEqual(Object.keys(pgr[0]!), cols, `${what}: columns`);
  for (let i = 0; i < duck.length; i++)
    for (const c of cols) {
      const d = diff(duck[i]![c], pgr[i]![c], tol, `${what} row ${i} ${c}`);
      if (d) assert.fail(`${d}\nDuckDB: ${JSON.stringify(duck[i])}\nPostgreSQL: ${JSON.stringify(pgr[i])}`);
    }
}

/** A row's sort key: its values as text, doubles rounded so that last-bit differences do not reorder. */
function sortKey(r: Record<string, unknown>): string {
  return JSON.stringify(Object.values(r).map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(10) : v)));
}
const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const x = sortKey(a);
  const y = sortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** A table's rows on both engines, sorted the same way (code points of the values). */
async function tableRows(db: Db, t: string): Promise<Record<string, unknown>[]> {
  return (await db.all<Record<string, unknown>>(`select * from ${t}`)).sort(byKey);
}

/** Run the stages on both engines and compare everything they build and publish. */
async function compareStudy(data: string, opts: Partial<StudyOptions>): Promise<{ outputs: Map<string, OutputTable> }> {
  const options = studyOptions(opts);
  const { duck, pgdb, years } = await engines(data, options);
  try {
    const ctxD: StudyContext = { db: duck, options, years, counts: {} };
    const ctxP: StudyContext = { db: pgdb, options, years, counts: {} };
    const rd = await STUDY_GRAPH.run(ctxD, { targets: TARGETS });
    const rp = await STUDY_GRAPH.run(ctxP, { targets: TARGETS });
    assert.deepEqual(rp.ran, rd.ran);
    for (const t of BUILT) {
      assert.equal(await pgdb.hasTable(t), true, `${t} on PostgreSQL`);
      compareRows(t, await tableRows(duck, t), await tableRows(pgdb, t), 1e-12);
    }
    assert.deepEqual([...rp.outputs.keys()].sort(), [...rd.outputs.keys()].sort());
    for (const [name, d] of rd.outputs) {
      const p = rp.outputs.get(name)!;
      assert.deepEqual(p.columns, d.columns, `${name}: columns`);
      compareRows(name, d.rows, p.rows, 1e-9);
    }
    assert.deepEqual(ctxP.counts, ctxD.counts);
    // Every origin rule gives the same origins.
    for (const rule of ['first-position', 'bachelor', 'modal', 'first-education'] as const) {
      const o = studyOptions({ ...opts, originRule: rule });
      await buildOrigins({ ...ctxD, options: o });
      await buildOrigins({ ...ctxP, options: o });
      compareRows(`origins (${rule})`, await tableRows(duck, 'origins'), await tableRows(pgdb, 'origins'), 0);
    }
    // Nothing was written outside the session's temporary schema.
    const persistent = await pgdb.scalar<number>(
      `select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'`,
    );
    assert.equal(persistent, 0);
    return { outputs: rd.outputs };
  } finally {
    duck.close();
    await pgdb.close();
  }
}

/** How many published cells a run withheld (so that a scenario checks suppression). */
function suppressed(outputs: Map<string, OutputTable>): number {
  let n = 0;
  for (const t of outputs.values()) for (const r of t.rows) if (r.suppressed === true) n++;
  return n;
}

describe('stages on PostgreSQL equal DuckDB', { skip: pgSkip }, () => {
  let root = '';
  const world = (n: number) => join(root, `world-${n}`);
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'tf-pg-stages-'));
    // 600 users: every user its own bootstrap unit; 1,600: users hashed into 1,000 groups.
    await generateWorld({ outDir: world(1), users: 600, seed: 31, threads: 1 });
    await generateWorld({ outDir: world(2), users: 1600, seed: 32, threads: 1 });
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('defaults, per-user bootstrap, min-cell 5, sensitivity', async () => {
    const { outputs } = await compareStudy(world(1), { bootstrap: 40, minCell: 5, sensitivity: true });
    assert.ok(suppressed(outputs) > 0, 'some cells suppressed');
    assert.ok(outputs.get('headcount')!.rows.some((r) => typeof r.persons_weighted_ci_low === 'number'), 'intervals computed');
  });

  test('first-reported skill dating, foreign-by employer, bachelor origins, grouped bootstrap, min-cell 3', async () => {
    const { outputs } = await compareStudy(world(2), {
      bootstrap: 30, bootstrapSeed: 7, minCell: 3, skillDating: 'first-reported', foreignBy: 'employer', originRule: 'bachelor', sensitivity: true, minAiSkills: 2,
    });
    assert.ok(suppressed(outputs) > 0, 'some cells suppressed');
  });
});
