/** `--memory-limit`, `--threads`, `--temp-dir` through the CLI (the built dist). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (args: string[]) => spawnSync(process.execPath, ['bin/talentflow.mjs', ...args], { encoding: 'utf8' });

test('a run takes its memory limit, threads and spill folder from the flags and leaves no spill behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-res-'));
  try {
    const spill = join(dir, 'spill');
    const r = cli(['run', '--data', 'test/fixtures/tiny', '--out', join(dir, 'out'), '--memory-limit', '256MiB', '--threads', '1', '--temp-dir', spill, '--min-cell', '0']);
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8')) as { resources: unknown };
    assert.deepEqual(m.resources, { memoryLimit: '256MiB', threads: 1 });
    assert.deepEqual(readdirSync(spill), [], 'the spill folder is removed when the run ends');
    assert.deepEqual(readdirSync(dir).sort(), ['out', 'spill']);
    const bad = cli(['run', '--data', 'test/fixtures/tiny', '--out', join(dir, 'out2'), '--threads', '0']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--threads: "0" must be a whole number of at least 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--verbose prints the run\'s detailed log with time and memory; without it only the stage lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-verbose-'));
  try {
    const v = cli(['run', '--data', 'test/fixtures/tiny', '--out', join(dir, 'v'), '--min-cell', '0', '--verbose']);
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stderr, /^\[\d+\.\d s, \d+\.\d\d GiB, peak \d+\.\d\d GiB\] premium: \d+ regressions by country×ykey \(ai; .* in one pass of \d+ ms .*steps ms: keys \d+/m);
    assert.match(v.stderr, /^\[\d+\.\d s, \d+\.\d\d GiB, peak \d+\.\d\d GiB\] stage premium starts$/m, 'each stage start is a line of the log');
    assert.match(v.stderr, /^run: premium \d+\.\d s$/m, 'the stage lines are still there');
    const q = cli(['run', '--data', 'test/fixtures/tiny', '--out', join(dir, 'q'), '--min-cell', '0']);
    assert.equal(q.status, 0, q.stderr);
    assert.doesNotMatch(q.stderr, /regressions by|stage premium starts/);
    assert.match(q.stderr, /^run: premium \d+\.\d s$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
