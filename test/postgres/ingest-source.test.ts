/**
 * Ingest from a PostgreSQL source: every dataset of the bad-input corpus that a file
 * ingest accepts (and the tiny fixture, and a small synthetic world) is loaded with
 * `pg-load` into a throwaway cluster and ingested there by a role with only SELECT on the
 * source and TEMP on the database; the canonical tables, `columns_present`,
 * `ingest_stats` and `user_keys` equal the file ingest's row for row, and the rejects
 * are the same (their `file` the source table, their `line` the row's number in key order).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Db, type Db as DbT } from '../../src/db/index.ts';
import type { PgDb } from '../../src/db/postgres.ts';
import { ingest } from '../../src/ingest/index.ts';
import { pgLoad } from '../../src/ingest/postgres/load.ts';
import { ingestSource } from '../../src/ingest/postgres/ingest.ts';
import { prepareSession, sourceTables } from '../../src/ingest/postgres/source.ts';
import { freshPgDb, pgCluster, pgSkip } from '../helpers/pg-db.ts';

const ROOT = 'test/fixtures/bad-input';
const ROLE = 'tf_ingest_reader';

/** The ingested tables, each in an order its key makes total. */
const TABLE_ORDER: Record<string, string> = {
  user_keys: 'uid',
  positions: 'uid, pid_rank',
  users: 'uid',
  education: 'uid, startdate, education_number, university_name, university_country, degree, field, enddate',
  skills: 'uid, skill_raw, first_reported',
  companies: 'rcid',
  columns_present: 'tbl, col',
  ingest_stats: 'key',
};

function rowsOf(db: DbT, table: string, order: string): Promise<Record<string, unknown>[]> {
  return db.all(`select * from ${table} order by ${order}`);
}

// started here, at the top level: the cluster's `after` hook then belongs to the file
if (!pgSkip) pgCluster();
let reader: PgDb | undefined;
let dbName = '';
before(async () => {
  if (pgSkip) return;
  reader = await freshPgDb({ role: ROLE });
  dbName = reader.client.database!;
  await prepareSession(reader, 0);
});
after(async () => {
  await reader?.close();
});

let schemas = 0;
/** pg-load a folder into its own schema (readable by the role); the source tables. */
async function load(dir: string): Promise<ReturnType<typeof sourceTables>> {
  const c = pgCluster();
  const schema = `src_${++schemas}`;
  const enc = join(dir, 'expected.json');
  const options = existsSync(enc) ? (JSON.parse(readFileSync(enc, 'utf8')) as { options?: { encoding?: string } }).options : undefined;
  await pgLoad({ data: dir, url: c.url(c.superuser, dbName), schema, ...(options?.encoding ? { encoding: options.encoding } : {}) });
  c.psql(`grant usage on schema ${schema} to ${ROLE}; grant select on all tables in schema ${schema} to ${ROLE};`, dbName);
  return sourceTables({ schema });
}

/** Ingest a folder from files and from the server; compare everything ingest writes. */
async function compare(dir: string): Promise<void> {
  const duck = await Db.open();
  const opts = existsSync(join(dir, 'expected.json')) ? (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { options?: { encoding?: string } }).options : undefined;
  try {
    const fileSummary = await ingest(duck, dir, opts);
    const tables = await load(dir);
    const srcSummary = await ingestSource(reader!, tables);
    for (const [t, order] of Object.entries(TABLE_ORDER)) {
      if (t === 'users' && dir.endsWith('23-duplicate-user-row')) {
        // A table on a server has no file order: of two rows of one user, the first in the
        // order of (user_id, every column) is kept ('Doctor' < 'Master'), not the first line.
        const got = await rowsOf(reader!, t, order);
        const want = await rowsOf(duck, t, order);
        assert.deepEqual(got.filter((r) => r.uid !== 1), want.filter((r) => r.uid !== 1));
        assert.equal(want.find((r) => r.uid === 1)?.highest_degree, 'Master');
        assert.equal(got.find((r) => r.uid === 1)?.highest_degree, 'Doctor');
        continue;
      }
      if (t === 'skills') {
        // the skill columns are the folder's: order by all of them
        const cols = (await duck.all<{ column_name: string }>(`select column_name from (describe skills)`)).map((r) => `"${r.column_name}"`);
        assert.deepEqual(await rowsOf(reader!, t, cols.join(', ')), await rowsOf(duck, t, cols.join(', ')), `${dir}: ${t}`);
        continue;
      }
      assert.deepEqual(await rowsOf(reader!, t, order), await rowsOf(duck, t, order), `${dir}: ${t}`);
    }
    // Rejects: the same reasons, columns, values and actions (lines the CSV reader could
    // not parse never reach the server: pg-load leaves them out).
    const LINE_LEVEL = "('bad_quoting', 'wrong_field_count', 'cut_last_line', 'bad_line_end', 'line_too_long')";
    const q = `select reason, "column", value, action, count(*) as n from rejects where reason not in ${LINE_LEVEL} group by reason, "column", value, action order by reason, "column", value, action`;
    assert.deepEqual(await reader!.all(q), await duck.all(q), `${dir}: rejects`);
    // every reject names a source table and a row number
    const where = await reader!.all<{ file: string; line: number }>('select distinct file, line from rejects');
    for (const r of where) {
      assert.ok(Object.values(tables).some((t) => `${t.schema}.${t.table}` === r.file), `${dir}: reject file ${r.file}`);
      assert.ok(Number.isInteger(r.line) && r.line >= 1, `${dir}: reject line ${r.line}`);
    }
    assert.deepEqual(srcSummary.rowsKept, fileSummary.rowsKept, `${dir}: rows kept`);
    assert.deepEqual(srcSummary.columnsPresent, fileSummary.columnsPresent, `${dir}: columns present`);
    assert.deepEqual(srcSummary.countries, fileSummary.countries, `${dir}: countries`);
    assert.deepEqual(srcSummary.years, fileSummary.years, `${dir}: years`);
    assert.equal(srcSummary.missingWeights, fileSummary.missingWeights, `${dir}: missing weights`);
    assert.equal(srcSummary.users, fileSummary.users, `${dir}: users`);
  } finally {
    duck.close();
  }
}

test('tiny fixture: ingest on the server equals the file ingest', { skip: pgSkip }, async () => {
  await compare('test/fixtures/tiny');
});

const cases = existsSync(ROOT) ? readdirSync(ROOT).filter((d) => statSync(join(ROOT, d)).isDirectory()).sort() : [];
for (const name of cases) {
  const expected = JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')) as { error?: string };
  if (expected.error) continue; // folders a file ingest refuses
  test(`bad input ${name}: ingest on the server equals the file ingest`, { skip: pgSkip }, async () => {
    await compare(join(ROOT, name));
  });
}

test('a source table the role may not read is named, with what to do', { skip: pgSkip }, async () => {
  const tables = sourceTables({ schema: 'no_such_schema' });
  await assert.rejects(ingestSource(reader!, tables), /the source has no table no_such_schema\.individual_positions the role may read/);
});
