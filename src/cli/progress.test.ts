import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progress, progressLine } from './progress.ts';

test('progressLine: the bar fills with the steps done', () => {
  assert.equal(progressLine('run', 'classify', 0, 10), `run [${'░'.repeat(30)}] 0/10 classify`);
  assert.equal(progressLine('run', 'premium', 5, 10), `run [${'█'.repeat(15)}${'░'.repeat(15)}] 5/10 premium`);
  assert.equal(progressLine('run', 'done', 12, 10), `run [${'█'.repeat(30)}] 12/10 done`);
  assert.equal(progressLine('synth', 'x', 0, 0), `synth [${'░'.repeat(30)}] 0/0 x`);
});

test('progress writes nothing when stderr is not a terminal, or when quiet', () => {
  const write = process.stderr.write;
  const isTTY = process.stderr.isTTY;
  const seen: string[] = [];
  process.stderr.write = ((s: string) => (seen.push(s), true)) as typeof process.stderr.write;
  try {
    process.stderr.isTTY = false;
    const p = progress('run');
    p.step('classify', 1, 3);
    p.done();
    process.stderr.isTTY = true;
    const q = progress('run', true);
    q.step('classify', 1, 3);
    q.done();
    assert.deepEqual(seen, []);
    const t = progress('run');
    t.step('classify', 1, 3);
    t.done();
    assert.equal(seen.length, 2);
    assert.match(seen[0]!, /^\rrun \[█+░+\] 1\/3 classify/);
    assert.equal(seen[1], '\r\x1b[K');
  } finally {
    process.stderr.write = write;
    process.stderr.isTTY = isTTY;
  }
});
