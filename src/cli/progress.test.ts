import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clock, compact, progress, progressLine } from './progress.ts';

test('progressLine: the bar fills with the stages done; a running query adds rows and time left', () => {
  assert.equal(progressLine('run', 'classify', 0, 10), `run [${'░'.repeat(30)}] 0/10 classify`);
  assert.equal(progressLine('run', 'premium', 5, 10), `run [${'█'.repeat(15)}${'░'.repeat(15)}] 5/10 premium`);
  assert.equal(progressLine('run', 'done', 12, 10), `run [${'█'.repeat(30)}] 12/10 done`);
  assert.equal(progressLine('synth', 'x', 0, 0), `synth [${'░'.repeat(30)}] 0/0 x`);
  // 1M of 4M rows in 10 s: 30 s left.
  assert.equal(progressLine('run', 'ingest', 0, 10, { rows: 1e6, total: 4e6, seconds: 10 }), `run [${'░'.repeat(30)}] 0/10 ingest · 1.0M/4.0M rows · 0:30 left`);
  // Under a second in: no estimate yet.
  assert.equal(progressLine('run', 'ingest', 0, 10, { rows: 5, total: 40_000, seconds: 0.2 }), `run [${'░'.repeat(30)}] 0/10 ingest · 5/40k rows`);
  assert.equal(compact(1_234_567_890), '1.2G');
  assert.equal(clock(754), '12:34');
});

function capture(isTTY: boolean, f: () => void): string[] {
  const write = process.stderr.write;
  const tty = process.stderr.isTTY;
  const seen: string[] = [];
  process.stderr.write = ((s: string) => (seen.push(s), true)) as typeof process.stderr.write;
  process.stderr.isTTY = isTTY;
  try {
    f();
  } finally {
    process.stderr.write = write;
    process.stderr.isTTY = tty;
  }
  return seen;
}

test('progress: a redrawn line on a terminal, one line per finished stage elsewhere, nothing when quiet', () => {
  const quiet = capture(true, () => {
    const q = progress('run', true);
    assert.equal(q.rows, undefined);
    q.step('classify', 1, 3);
    q.done();
  });
  assert.deepEqual(quiet, []);
  const tty = capture(true, () => {
    const t = progress('run');
    t.step('classify', 1, 3);
    t.rows?.({ rows: 10, total: 100 });
    t.done();
  });
  assert.equal(tty.length, 3);
  assert.ok(tty[0]!.startsWith("\rrun [") && tty[0]!.endsWith("] 1/3 classify\x1b[K"), tty[0]);
  assert.match(tty[1]!, /1\/3 classify · 10\/100 rows/);
  assert.equal(tty[2], '\r\x1b[K');
  const log = capture(false, () => {
    const p = progress('run');
    // no rows to draw: the run does not track its queries' progress
    assert.equal(p.rows, undefined);
    p.step('ingest', 0, 3);
    p.step('classify', 1, 3);
    p.step('classify', 2, 3);
    p.done();
  });
  assert.equal(log.length, 2);
  assert.match(log[0]!, /^run: ingest \d+\.\d s\n$/);
  assert.match(log[1]!, /^run: classify \d+\.\d s\n$/);
});

test('progress: a log line (note) goes above the bar on a terminal, as a line of its own elsewhere', () => {
  const tty = capture(true, () => {
    const t = progress('run');
    t.step('premium', 1, 3);
    t.note('premium: 3 regressions');
    t.done();
  });
  assert.equal(tty[1], '\rpremium: 3 regressions\x1b[K\n');
  assert.ok(tty[2]!.startsWith('\rrun [') && tty[2]!.endsWith('] 1/3 premium\x1b[K'), 'the bar is drawn again below it');
  const log = capture(false, () => {
    const p = progress('run');
    p.step('premium', 0, 3);
    p.note('premium: 3 regressions');
    p.done();
  });
  assert.deepEqual(log.slice(0, 1), ['premium: 3 regressions\n']);
  assert.match(log[1]!, /^run: premium \d+\.\d s\n$/);
  assert.deepEqual(capture(false, () => progress('run', true).note('x')), []);
});
