/**
 * The distribution check of docs/postgres.md ("Built to distribute"): every window function
 * of the stages' SQL is listed here with its class, so that a new one cannot slip in
 * without saying how it would run on an engine distributed by user:
 * - `per-user`: partitions by the user key, co-located, pushed down whole;
 * - `dictionary`: numbers the distinct values of a column (small), a reference table;
 * - `cell`: works on the engine's aggregated tables (levels, groups, cells), not on persons;
 * - `global`: over the whole individual table by another key: what docs/postgres.md says
 *   would change.
 * The survey study (its own small files) is not part of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type Class = 'per-user' | 'dictionary' | 'cell' | 'global';

/** file → [window text (normalised, must occur), class] */
const DECLARED: [string, RegExp, Class][] = [
  ['src/engine/sql/groups.sql', /row_number\(\) over \(order by \{\{by\}\}\)/, 'cell'],
  ['src/engine/sql/levels.sql', /row_number\(\) over \(order by \{\{col\}\} nulls last\)/, 'dictionary'],
  ['src/engine/sql/fe-sums.sql', /row_number\(\) over \(partition by gid, eff order by code\)/, 'cell'],
  ['src/engine/sql/fe-sums.sql', /sum\(cnt - 1\) over \(partition by gid order by eff/, 'cell'],
  ['src/engine/sql/cluster-codes.sql', /row_number\(\) over \(order by v\)/, 'dictionary'],
  ['src/engine/sql/groups-shared.sql', /row_number\(\) over \(order by \{\{ownby\}\}\)/, 'cell'],
  ['src/engine/sql/outer.sql', /row_number\(\) over \(order by \{\{outerby\}\}\)/, 'cell'],
  ['src/engine/sql/cells.sql', /row_number\(\) over \(order by \{\{by\}\}\)/, 'cell'],
  ['src/engine/sql/family-groups.sql', /dense_rank\(\) over \(order by \{\{by\}\}\)/, 'cell'],
  ['src/ingest/sql/users.sql', /over \(partition by problem is null, uid order by/, 'per-user'],
  ['src/ingest/sql/companies.sql', /over \(partition by problem is null, trim\(rcid\) order by/, 'dictionary'],
  ['src/ingest/sql/positions.sql', /over \(partition by id_position_id order by/, 'global'],
  ['src/ingest/sql/positions.sql', /over \(order by \{\{user_id_id_order\}\}\)/, 'global'],
  ['src/ingest/sql/positions.sql', /over \(order by \{\{c_position_id_id_order\}\}\)/, 'global'],
  ['src/ingest/sql/source-stage.sql', /row_number\(\) over \(order by \{\{order_by\}\}\)/, 'global'],
  ['src/measure/bootstrap/units-user.sql', /row_number\(\) over \(order by key\)/, 'global'],
  ['src/measure/origin/modal.sql', /over \(partition by uid order by/, 'per-user'],
  ['src/measure/composition/query.sql', /over \(partition by dim order by v collate "c"\)/, 'dictionary'],
  ['src/measure/premium/query.sql', /over \(order by v\)/, 'dictionary'],
  ['src/measure/premium/query.sql', /over \(order by v nulls last\)/, 'dictionary'],
  ['src/measure/premium/query.sql', /dense_rank\(\) over \(order by t\)/, 'dictionary'],
  ['src/measure/premium/query.sql', /dense_rank\(\) over \(order by label\)/, 'dictionary'],
  ['src/measure/premium/query.sql', /over \(order by cast\(v as varchar\) nulls last\)/, 'dictionary'],
  ['src/measure/premium/skills-holders.sql', /row_number\(\) over \(order by skill\)/, 'dictionary'],
  ['src/measure/premium/skills-holders-dated.sql', /row_number\(\) over \(order by skill\)/, 'dictionary'],
  ['src/measure/abroad-gap/levels.sql', /row_number\(\) over \(order by v\)/, 'dictionary'],
  ['src/measure/abroad-gap/levels.sql', /row_number\(\) over \(order by c nulls last\)/, 'dictionary'],
  ['src/measure/abroad-gap/codes.sql', /row_number\(\) over \(partition by eff order by v\)/, 'dictionary'],
  ['src/measure/abroad-gap/query.sql', /row_number\(\) over \(partition by uid order by k\)/, 'per-user'],
  ['src/measure/abroad-gap/query.sql', /over \(partition by uid order by k rows between 1 following and unbounded following\)/, 'per-user'],
  ['src/measure/panel/query.sql', /over \(partition by dim order by v collate "c" nulls last\)/, 'dictionary'],
  ['src/measure/panel/query.sql', /window w as \(partition by p\.uid order by/, 'per-user'],
];

function sqlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sqlFiles(p, out);
    else if (name.endsWith('.sql')) out.push(p);
  }
  return out;
}

const EXCLUDED = ['src/ingest/surveys/', 'src/study/survey/'];
const WINDOW = /\bover\s*\(|\bwindow\s+\w+\s+as\s*\(/g;

test('every window function of the stages is classified for a distributed engine (docs/postgres.md)', () => {
  const found: string[] = [];
  for (const file of sqlFiles('src').filter((f) => !EXCLUDED.some((x) => f.startsWith(x)))) {
    const text = readFileSync(file, 'utf8').toLowerCase().split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').replace(/\s+/g, ' ');
    const declared = DECLARED.filter(([f]) => f === file);
    for (const m of text.matchAll(WINDOW)) {
      const at = m.index;
      const ok = declared.some(([, re]) => {
        re.lastIndex = 0;
        const hit = re.exec(text.slice(Math.max(0, at - 60), at + 160));
        return hit !== null;
      });
      if (!ok) found.push(`${file}: …${text.slice(Math.max(0, at - 40), at + 80)}…`);
    }
    for (const [, re] of declared) assert.match(text, re, `${file} no longer has ${re}: update the list and docs/postgres.md`);
  }
  assert.deepEqual(found, [], 'unclassified window functions: add them to DECLARED with their class and to docs/postgres.md');
  // The person-level steps that must stay co-located do partition by the user key.
  for (const [file, re, cls] of DECLARED) if (cls === 'per-user') assert.match(re.source, /uid/, `${file}: a per-user window partitions by uid`);
});
