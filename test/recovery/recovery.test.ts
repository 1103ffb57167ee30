/**
 * Recovery tests: the study's outputs equal the synthetic world's truth.json.
 *
 * For a few small worlds (fixed seeds, chosen before looking at any result) the whole
 * study runs at `minCell: 0` and its tables are compared with the truth, which
 * src/synth/truth.ts computes by its own code from the rows as written:
 * - stocks, flows, origin tables, mobility, composition: the same cells, counts exactly,
 *   weighted figures and shares to 1e-9 relative (compare.ts says how the zero-cell
 *   conventions of both sides are aligned);
 * - premium and premium_by_seniority: the same cells with the same n and n_ai, and the
 *   estimates within 3 standard errors of the truth (see below);
 * - the rejects the world plants equal the manifest's rejected counts.
 *
 * What `true_log_premium` is: the mean, over the AI users of the cell's sample, of the AI
 * log-premium component the generator put into the salary of their primary position
 * (ln(1 + p_c(y + 2.5)/100), shifted by skill in Korea) — the realised value of the
 * data-generating parameter for the people actually in the sample, not the parameter
 * path p_c(t) itself. Salary noise (sd 0.22) and the firm effects (sd 0.05, the reason
 * for clustering by firm) are not in it, so estimate − truth is the estimation error
 * the se is meant to measure. The OLS with start-year FE weights the AI users by their
 * residual variance rather than equally, which moves its target by a few tenths of a
 * point at most (docs/synthetic-world.md): negligible next to the se here (≥ 0.02).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld } from '../../src/synth/index.ts';
import type { Truth } from '../../src/synth/truth.ts';
import { runStudy, type RunResult } from '../../src/study/run.ts';
import { studyOptions } from '../../src/study/options.ts';
import {
  EXACT_SPECS, compareExact, comparePremium, expectedRejects, nonZero, truthPremiumCells, zSummary, type Mismatch, type PremiumCell,
} from './compare.ts';

/** Seeds of the worlds (fixed in advance, not selected on results). */
const SEEDS = [1, 2, 3];
/** Users per world: big enough for a few hundred premium cells, small enough for ~1 min. */
const USERS = 3000;
/**
 * A premium cell enters the 3-SE check with at least this many distinct AI and non-AI
 * persons. Pooled cells count person-years (n, n_ai): a person holding one position for
 * ten years is ten identical rows, and a pooled cell of 50 AI person-years may hold 14 AI
 * persons and fewer distinct rows than the model has parameters — a saturated fit whose
 * se is numerically zero. The largest yearly count is a lower bound on the distinct
 * persons of a pooled cell, so the threshold applies to it.
 */
const MIN_PERSONS = 30;

interface SeedRun {
  seed: number;
  truth: Truth;
  result: RunResult;
}

let root = '';
let runs: SeedRun[] = [];

async function runSeed(seed: number): Promise<SeedRun> {
  const data = join(root, `world-${seed}`);
  await generateWorld({ outDir: data, users: USERS, seed });
  const truth = JSON.parse(readFileSync(join(data, 'truth.json'), 'utf8')) as Truth;
  const result = await runStudy({ data, out: join(root, `study-${seed}`), options: studyOptions({ minCell: 0 }), report: false });
  return { seed, truth, result };
}

function show(ms: Mismatch[]): string {
  return ms.slice(0, 8).map((m) => JSON.stringify(m)).join('\n');
}

describe(`recovery: ${SEEDS.length} worlds of ${USERS} users`, () => {
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'tf-recovery-'));
    runs = await Promise.all(SEEDS.map(runSeed));
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  for (const [name, spec] of Object.entries(EXACT_SPECS)) {
    test(`${name}: every truth cell equals the study's, no other non-empty cell`, () => {
      for (const { seed, truth, result } of runs) {
        const table = result.tables.get(name);
        assert.ok(table, `seed ${seed}: the study has no ${name} table`);
        const r = compareExact(name, spec, truth[name as keyof typeof EXACT_SPECS], table, new Set(result.manifest.years));
        assert.ok(r.compared > 0, `seed ${seed}: no ${name} cell compared`);
        assert.equal(r.mismatches.length, 0, `seed ${seed}: ${r.mismatches.length} mismatches in ${name}\n${show(r.mismatches)}`);
      }
    });
  }

  test('premium and premium_by_seniority: the same cells with the same n and n_ai', () => {
    for (const { seed, truth, result } of runs) {
      const cells = truthPremiumCells(truth, new Set(result.manifest.years));
      const r = comparePremium(cells, result.tables.get('premium')!, result.tables.get('premium_by_seniority')!);
      assert.ok(r.cells.length > 100, `seed ${seed}: only ${r.cells.length} premium cells with an estimate`);
      assert.equal(r.mismatches.length, 0, `seed ${seed}: ${r.mismatches.length} premium mismatches\n${show(r.mismatches)}`);
    }
  });

  test('the pooled truth rebuilt from yearly cells equals truth.json\'s own pooled row over its years', () => {
    // Guards the rebuild in compare.ts: truth.json pools 2010 to the last year.
    for (const { truth } of runs) {
      const [, y1] = truth.generator.years;
      const years = new Set(Array.from({ length: y1 - 2010 + 1 }, (_, i) => 2010 + i));
      const rebuilt = truthPremiumCells(truth, years);
      const own = truth.premium.rows.filter((r) => r[1] === 'pooled');
      assert.ok(own.length > 0);
      for (const r of own) {
        const c = rebuilt.get(`${r[0]}|pooled|all`);
        assert.ok(c, `no rebuilt pooled cell for ${r[0]}`);
        assert.equal(c.n, r[3]);
        assert.equal(c.n_ai, r[4]);
        assert.ok(Math.abs(c.lp! - Number(r[5])) <= 1e-12, `${r[0]}: ${c.lp} vs ${r[5]}`);
      }
    }
  });

  test('premium estimates recover true_log_premium within 3 se, without bias', (t) => {
    const cells: PremiumCell[] = [];
    for (const { truth, result } of runs) {
      const all = comparePremium(truthPremiumCells(truth, new Set(result.manifest.years)), result.tables.get('premium')!, result.tables.get('premium_by_seniority')!);
      cells.push(...all.cells.filter((c) => c.persons_ai >= MIN_PERSONS && c.persons_non_ai >= MIN_PERSONS));
    }
    const s = zSummary(cells);
    const fam = (f: PremiumCell['family']) => zSummary(cells.filter((c) => c.family === f));
    t.diagnostic(`cells ${s.cells}, |z| > 3: ${s.misses} (${(100 * s.missRate).toFixed(2)}%), mean z ${s.meanZ.toFixed(3)}, sd z ${s.sdZ.toFixed(3)}`);
    for (const f of ['all', 'skill', 'seniority'] as const) {
      const x = fam(f);
      t.diagnostic(`  ${f}: cells ${x.cells}, misses ${x.misses}, mean z ${x.meanZ.toFixed(3)}, sd z ${x.sdZ.toFixed(3)}`);
    }
    const worst = [...cells].sort((a, b) => Math.abs(b.z) - Math.abs(a.z)).slice(0, 3);
    t.diagnostic(`largest |z|: ${worst.map((c) => `${c.key} z=${c.z.toFixed(2)}`).join(', ')}`);
    // Enough cells for the rates below to mean something.
    assert.ok(s.cells >= 300, `only ${s.cells} premium cells with ≥ ${MIN_PERSONS} AI and non-AI persons`);
    // Under a correct estimator and se each |z| > 3 has probability 0.27% (a little more
    // with t tails at these cluster counts: 0.4% at 60 degrees of freedom). Cells overlap
    // (skill samples share people with `all`; yearly cells share people held in the same
    // position), which widens the spread of the count but not its mean; 2% is 5× the
    // expected rate, and a wrong se or a biased estimator gives far more.
    assert.ok(s.missRate <= 0.02, `${s.misses} of ${s.cells} cells beyond 3 se (${(100 * s.missRate).toFixed(2)}%)`);
    // Bias: the mean z of unbiased estimates is 0 with sd ~ 1/√(effective cells); the
    // overlap leaves well over 30 effectively independent cells (countries × worlds ×
    // families), so |mean z| < 0.3 is ~2 sd at worst; a bias of half an se fails it.
    assert.ok(Math.abs(s.meanZ) < 0.3, `mean z = ${s.meanZ.toFixed(3)}: estimates biased against the truth`);
    // The se is not grossly too large either (that would hide misses): sd of z near 1.
    assert.ok(s.sdZ > 0.6 && s.sdZ < 1.4, `sd of z = ${s.sdZ.toFixed(3)}`);
  });

  test('the rejects the world plants equal the manifest\'s rejected counts by reason and by table', () => {
    for (const { seed, truth, result } of runs) {
      const want = expectedRejects(truth);
      assert.ok(Object.keys(want.byReason).length > 0, `seed ${seed}: the world planted no reject`);
      assert.deepEqual(nonZero(result.manifest.rows.rejectedByReason), want.byReason, `seed ${seed}: rejects by reason`);
      assert.deepEqual(nonZero(result.manifest.rows.rejected), want.byTable, `seed ${seed}: rejected rows by table`);
    }
  });
});
