/**
 * The bad-input corpus: every folder of test/fixtures/bad-input is a tiny dataset with
 * expected.json — either the named error (class, message, CLI exit code) or the exact
 * rejects and the rows kept (with the ingest options it names, if any).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Db } from '../../src/db/index.ts';
import { ingest } from '../../src/ingest/index.ts';

const ROOT = 'test/fixtures/bad-input';
const cases = readdirSync(ROOT).filter((d) => statSync(join(ROOT, d)).isDirectory()).sort();

interface Expected {
  error?: string;
  message?: string;
  exit?: number;
  /** Ingest options (e.g. `{ "encoding": "euc-kr" }`). */
  options?: { encoding?: string };
  rejects?: { reason: string; file: string; line: number; column: string; action: string }[];
  kept?: Record<string, number>;
  nullSalaries?: number;
  positions?: Record<string, unknown>[];
}

test('the corpus has at least 25 cases', () => {
  assert.ok(cases.length >= 25, `${cases.length} cases`);
});

for (const name of cases) {
  const expected = JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')) as Expected;
  test(`bad input: ${name}`, async () => {
    const db = await Db.open();
    try {
      if (expected.error) {
        await assert.rejects(ingest(db, join(ROOT, name), expected.options), (e: Error) => {
          assert.equal(e.name, expected.error, e.message);
          assert.match(e.message, new RegExp(expected.message!));
          return true;
        });
        return;
      }
      await ingest(db, join(ROOT, name), expected.options);
      const got = await db.all<{ reason: string; file: string; line: number; column: string; action: string }>(
        'SELECT reason, file, line, "column", action FROM rejects ORDER BY file, line, reason',
      );
      assert.deepEqual(
        got.map((r) => ({ reason: r.reason, file: r.file, line: r.line, action: r.action })),
        expected.rejects!.map((r) => ({ reason: r.reason, file: r.file, line: r.line, action: r.action })),
      );
      expected.rejects!.forEach((r, i) => {
        if (r.column !== '*') assert.equal(got[i]!.column, r.column, `column of reject ${i}`);
      });
      for (const [table, n] of Object.entries(expected.kept ?? {})) {
        assert.equal(await db.scalar(`SELECT count(*) FROM ${table}`), n, `rows kept in ${table}`);
      }
      if (expected.nullSalaries !== undefined) {
        assert.equal(await db.scalar('SELECT count(*) FROM positions WHERE salary IS NULL'), expected.nullSalaries);
      }
      for (const p of expected.positions ?? []) {
        const row = await db.one<Record<string, unknown>>(`SELECT * FROM positions WHERE position_id = '${String(p.position_id)}'`);
        assert.ok(row, `position ${String(p.position_id)} kept`);
        for (const [k, v] of Object.entries(p)) assert.equal(row[k], v, `${k} of position ${String(p.position_id)}`);
      }
    } finally {
      db.close();
    }
  });
}

test('the CLI exits 1 with the message on a data error, 2 on a usage error', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/talentflow.mjs', ...args], { encoding: 'utf8' });
  const r1 = cli(['validate', '--data', join(ROOT, '03-missing-startdate-column')]);
  assert.equal(r1.status, 1);
  assert.match(r1.stderr, /required column startdate missing/);
  assert.match(r1.stderr, /Rename the columns/);
  const r2 = cli(['validate']);
  assert.equal(r2.status, 2);
  const r3 = cli(['validate', '--data', join(ROOT, 'no-such-folder')]);
  assert.equal(r3.status, 2);
  assert.match(r3.stderr, /cannot open the dataset folder/);
});

test('the CLI names --encoding for a file that is not UTF-8, reads it with --encoding, and refuses an unknown one (exit 2)', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/talentflow.mjs', ...args], { encoding: 'utf8' });
  const dir = join(ROOT, '38-euc-kr');
  const refused = cli(['validate', '--data', dir]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /not UTF-8 text \(line 2 .*EUC-KR.*--encoding euc-kr/);
  const read = cli(['validate', '--data', dir, '--encoding', 'euc-kr', '--format', 'json']);
  assert.equal(read.status, 0, read.stderr);
  assert.equal((JSON.parse(read.stdout) as { rowsRead: Record<string, number> }).rowsRead.individual_positions, 2);
  const unknown = cli(['validate', '--data', dir, '--encoding', 'klingon']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--encoding klingon: not an encoding/);
});
