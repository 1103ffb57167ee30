import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatements } from './postgres.ts';

test('splitStatements splits at ; outside quotes and comments, and drops empty statements', () => {
  assert.deepEqual(splitStatements(`-- a; comment\ncreate temp table "x;y" as select 'a;''b' as v; /* ; */ select 1;  ;\n-- the end;\n`), [
    `-- a; comment\ncreate temp table "x;y" as select 'a;''b' as v`,
    ' /* ; */ select 1',
  ]);
  assert.deepEqual(splitStatements('select 1'), ['select 1']);
});
