/**
 * The default demo world tells the Korean flow story (docs/calibration.md): every Korean
 * AI flow row 2010–2024 counts at least 10 moves in and 10 out (published at the default
 * --min-cell 10), with a net outflow every year but 2020, unweighted and weighted on
 * Korea's side. Checked on a replica of the truth from the generator's core stream (the
 * moves of the positions as generated, in (startdate, position_id) order, weights as
 * render.ts writes them), which takes seconds; the demo itself (200,000 users) takes a
 * minute, and the recovery tests show the study equals the truth.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WORLD, countryFactors } from './index.ts';
import { generatePerson } from './model.ts';
import { gridWeight } from './render.ts';
import { yearOfDay } from './dates.ts';

test('default demo world: every Korean AI flow 2010–2024 has ≥ 10 moves each way and the BOK sign, unweighted and weighted', () => {
  const { users, seed } = DEFAULT_WORLD;
  const factors = countryFactors(seed, users);
  const Y0 = 2010;
  const Y1 = 2024;
  const cell = () => Array.from({ length: Y1 - Y0 + 1 }, () => 0);
  const inN = cell();
  const outN = cell();
  const inW = cell();
  const outW = cell();
  for (let i = 0; i < users; i++) {
    const p = generatePerson(seed, i, true);
    if (!p.isAi) continue;
    const pos = p.positions.filter((x) => !x.junk).sort((a, b) => a.start - b.start || a.pid - b.pid);
    const w = (x: (typeof pos)[number]): number => (x.weightMissing ? 1 : gridWeight((factors[x.country] ?? 1) * x.coverage * p.design));
    for (let j = 1; j < pos.length; j++) {
      const a = pos[j - 1]!;
      const b = pos[j]!;
      const y = yearOfDay(b.start);
      if (a.country === b.country || y < Y0 || y > Y1) continue;
      if (a.country === 'KR') {
        outN[y - Y0]!++;
        outW[y - Y0]! += w(a);
      }
      if (b.country === 'KR') {
        inN[y - Y0]!++;
        inW[y - Y0]! += w(b);
      }
    }
  }
  const bad: string[] = [];
  for (let k = 0; k <= Y1 - Y0; k++) {
    const y = Y0 + k;
    const sign = y === 2020 ? 1 : -1;
    if (inN[k]! < 10 || outN[k]! < 10) bad.push(`${y}: ${inN[k]} in, ${outN[k]} out (< 10)`);
    if (Math.sign(inN[k]! - outN[k]!) !== sign) bad.push(`${y}: net ${inN[k]! - outN[k]!}`);
    if (Math.sign(inW[k]! - outW[k]!) !== sign) bad.push(`${y}: weighted net ${inW[k]! - outW[k]!}`);
  }
  assert.deepEqual(bad, []);
});
