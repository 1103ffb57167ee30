/**
 * The disclosure audit is shown to work: on hand-made tables it pins exactly the cells
 * arithmetic pins, and on a frozen output protected by primary suppression only it finds
 * the cells subtraction recovers, in every family the issue names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit, readCsv } from './audit.ts';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sdc-primary');

test('hand-made tables: a lone suppressed category is pinned, two that the bounds force are pinned, two free ones are not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-audit-'));
  try {
    writeFileSync(join(dir, 'headcount.csv'), [
      'country,year,group,persons,persons_weighted,suppressed',
      'AA,2020,ai,12,30,false', // Bachelor 9 + Master (3)
      'BB,2020,ai,10,25,false', // Bachelor 8 + Master (1) + Doctor (1): 2 left for two cells of at least 1
      'CC,2020,ai,13,26,false', // Bachelor 8 + Master (2) + Doctor (3): 5 left, each 1 … 4
    ].join('\n') + '\n');
    writeFileSync(join(dir, 'composition.csv'), [
      'country,year,group,dimension,category,persons,share,persons_weighted,share_weighted,suppressed',
      'AA,2020,ai,degree,Bachelor,9,0.75,20,0.6,false',
      'AA,2020,ai,degree,Master,,,,,true',
      'BB,2020,ai,degree,Bachelor,8,0.8,20,0.8,false',
      'BB,2020,ai,degree,Doctor,,,,,true',
      'BB,2020,ai,degree,Master,,,,,true',
      'CC,2020,ai,degree,Bachelor,8,0.6,20,0.7,false',
      'CC,2020,ai,degree,Doctor,,,,,true',
      'CC,2020,ai,degree,Master,,,,,true',
    ].join('\n') + '\n');
    const r = await audit(dir, { minCell: 5 });
    const pinned = r.determined.map((d) => `${d.key} ${d.column}=${Number(d.value.toFixed(4))}`).sort();
    assert.deepEqual(pinned, [
      'AA|2020|ai|degree|Master persons=3',
      'AA|2020|ai|degree|Master persons_weighted=10',
      'BB|2020|ai|degree|Doctor persons=1',
      'BB|2020|ai|degree|Master persons=1',
    ]);
    // no instance is published in full: the relation is used as an equality on trust
    assert.equal(r.families['composition degree categories → headcount'], 'unseen');
    assert.deepEqual(r.infeasible, []);
    // told which rows are primary, a secondary cell has no upper bound: BB is no longer pinned
    const r2 = await audit(dir, { minCell: 5, primary: new Set(['composition|BB|2020|ai|degree|Doctor']) });
    assert.deepEqual(r2.determined.filter((d) => d.key.startsWith('BB')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a frozen output with primary suppression only: the audit finds the cells subtraction recovers', async () => {
  const r = await audit(FIXTURE, { minCell: 5 });
  assert.deepEqual(r.infeasible, []);
  const tables = new Set(r.determined.map((d) => `${d.table}.${d.column}`));
  for (const c of ['composition.persons', 'composition.persons_weighted', 'headcount.persons', 'premium.n', 'premium.n_ai', 'abroad_share.persons'])
    assert.ok(tables.has(c), `no determined cell in ${c}: ${[...tables].join(', ')}`);
  assert.ok(r.determined.length > 100, `only ${r.determined.length} determined cells`);
  // each determined composition count whose headcount is published equals the headcount less the published categories
  const hc = new Map(readCsv(join(FIXTURE, 'headcount.csv')).rows.map((x) => [`${x.country}|${x.year}|${x.group}`, x]));
  const comp = readCsv(join(FIXTURE, 'composition.csv')).rows;
  let checked = 0;
  for (const d of r.determined) {
    if (d.table !== 'composition' || d.column !== 'persons') continue;
    const [c, y, g, dim] = d.key.split('|');
    const total = hc.get(`${c}|${y}|${g}`)!;
    const siblings = comp.filter((x) => x.country === c && x.year === y && x.group === g && x.dimension === dim);
    const blank = siblings.filter((x) => x.persons === '');
    if (total.persons === '' || blank.length !== 1) continue;
    const rest = siblings.filter((x) => x.persons !== '').reduce((a, x) => a + Number(x.persons), 0);
    assert.equal(d.value, Number(total.persons) - rest, d.key);
    checked++;
  }
  assert.ok(checked > 10, `only ${checked} checked by subtraction`);
});
