import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Db, sql } from './index.ts';

test('a string literal survives quotes, backslashes and NUL characters', async () => {
  const db = await Db.open();
  try {
    for (const v of ["it's", 'a\\b', 'a\0b', '\0', "x'\0'y"]) {
      assert.equal(await db.scalar<string>(sql`select ${v}`), v);
    }
  } finally {
    db.close();
  }
});
