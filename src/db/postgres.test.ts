import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packedQuery, splitStatements } from './postgres.ts';

test('splitStatements splits at ; outside quotes and comments, and drops empty statements', () => {
  assert.deepEqual(splitStatements(`-- a; comment\ncreate temp table "x;y" as select 'a;''b' as v; /* ; */ select 1;  ;\n-- the end;\n`), [
    `-- a; comment\ncreate temp table "x;y" as select 'a;''b' as v`,
    ' /* ; */ select 1',
  ]);
  assert.deepEqual(splitStatements('select 1'), ['select 1']);
});

test('packedQuery packs columns of number, text and boolean types with distinct names, and nothing else', () => {
  const f = (name: string, dataTypeID: number) => ({ name, dataTypeID });
  const q = packedQuery('select 1 as a, 2.5 as "b""c"', [f('a', 23), f('b"c', 701)]);
  assert.match(q ?? '', /^SELECT tf_a0, tf_a1 FROM \(SELECT tf_n, array_agg\(tf_r\."a"\) OVER tf_w AS tf_a0, array_agg\(tf_r\."b""c"\) OVER tf_w AS tf_a1 FROM \(SELECT tf_q\.\*, row_number\(\) OVER \(\) AS tf_n FROM \(select 1 as a, 2\.5 as "b""c"\n\) AS tf_q\) AS tf_r WINDOW/);
  assert.equal(packedQuery('select d', [f('d', 1082)]), undefined); // date
  assert.equal(packedQuery('select a, a', [f('a', 23), f('a', 23)]), undefined);
  assert.equal(packedQuery('select', []), undefined);
});
