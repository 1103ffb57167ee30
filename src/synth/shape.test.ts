import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld, tenureFor, SynthOptionsError } from './index.ts';
import { generatePerson } from './model.ts';

test('--positions-per-user: the world holds that many positions per person on average', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-shape-'));
  try {
    await generateWorld({ outDir: dir, users: 3000, seed: 7, positionsPerUser: 9 });
    const lines = readFileSync(join(dir, 'individual_positions.csv'), 'utf8').trim().split('\n').length - 1;
    const users = new Set(readFileSync(join(dir, 'individual_positions.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0])).size;
    assert.ok(Math.abs(lines / 3000 - 9) < 0.5, `${lines / 3000} positions per person`);
    assert.ok(users > 2900);
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { generator: { positions_per_user: number; tenure_scale: number } };
    assert.equal(truth.generator.positions_per_user, 9);
    assert.ok(truth.generator.tenure_scale < 0.5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the calibrated shape is the default and position ids stay unique per person', () => {
  // Scale 1 draws the same careers as no shape at all.
  for (let i = 0; i < 200; i++) assert.deepEqual(generatePerson(3, i, true, { tenureScale: 1 }), generatePerson(3, i, true));
  // Short spells: more positions, ids still inside the person's own range.
  const s = tenureFor(3, 20);
  for (let i = 0; i < 300; i++) {
    const ids = generatePerson(3, i, true, { tenureScale: s }).positions.map((p) => p.pid);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => id > i * 64 && id <= (i + 1) * 64), `person ${i}: ${ids.join(',')}`);
  }
  assert.throws(() => tenureFor(3, 0.5), SynthOptionsError);
});
