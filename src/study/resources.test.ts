import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { ResourceError, SpillDir, blockAllocatorMemory, defaultMemoryLimit, engineMemory, parseMemoryLimit, parseThreads, resourceError } from './resources.ts';

const spills = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.talentflow-spill-'));

/** PID of a process that has exited (a child that ran and was reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('the default memory limit: 60% of the machine, at most 3 GB', () => {
  const GiB = 2 ** 30;
  assert.equal(defaultMemoryLimit(24 * GiB), '2861MiB');
  assert.equal(defaultMemoryLimit(4 * GiB), `${Math.floor(0.6 * 4 * 1024)}MiB`);
  assert.equal(defaultMemoryLimit(1 * GiB), `${Math.floor(0.6 * 1024)}MiB`);
  // the cap takes over from 5 GB of memory up
  assert.equal(defaultMemoryLimit(5e9), '2861MiB');
  assert.equal(defaultMemoryLimit(4.9e9), `${Math.floor((0.6 * 4.9e9) / 2 ** 20)}MiB`);
  assert.match(defaultMemoryLimit(), /^\d+MiB$/);
});

test('--memory-limit takes sizes with units and shares of the machine', () => {
  assert.equal(parseMemoryLimit('8GB'), `${Math.floor(8e9 / 2 ** 20)}MiB`);
  assert.equal(parseMemoryLimit('512MiB'), '512MiB');
  assert.equal(parseMemoryLimit(' 2 gib '), '2048MiB');
  assert.match(parseMemoryLimit('50%'), /^\d+MiB$/);
  for (const bad of ['8', 'lots', '-1GB', '10MB', '0%']) assert.throws(() => parseMemoryLimit(bad), UsageError, bad);
  assert.equal(parseThreads('3'), 3);
  for (const bad of ['0', '1.5', 'x']) assert.throws(() => parseThreads(bad), UsageError, bad);
});

test('the block allocator keeps two thirds of the memory limit, at most half the machine', async () => {
  const GiB = 2 ** 30;
  assert.equal(blockAllocatorMemory('2861MiB', 24 * GiB), `${Math.floor((2 / 3) * 2861)}MiB`);
  assert.equal(blockAllocatorMemory('8GB', 24 * GiB), `${Math.floor(((2 / 3) * 8e9) / 2 ** 20)}MiB`);
  // a limit above the machine's memory: half the machine (DuckDB reserves 80% of it)
  assert.equal(blockAllocatorMemory('64GB', 24 * GiB), '12288MiB');
  assert.equal(blockAllocatorMemory('50%', 24 * GiB), '8192MiB');
  assert.equal(blockAllocatorMemory('lots', 24 * GiB), undefined);
  // the engine takes the setting as given (engineMemory: the pair a run's database opens with)
  const { Db } = await import('../db/index.ts');
  const db = await Db.open(':memory:', engineMemory('600MiB'));
  try {
    assert.equal(await db.scalar<string>("select current_setting('block_allocator_memory')"), '400.0 MiB');
  } finally {
    db.close();
  }
});

test('a spill folder holds a lock with its owner and is removed on release', () => {
  const base = mkdtempSync(join(tmpdir(), 'tf-spill-'));
  try {
    const s = SpillDir.acquire(base);
    assert.ok(existsSync(s.path));
    const lock = JSON.parse(readFileSync(join(s.path, 'lock'), 'utf8')) as { pid: number; host: string };
    assert.equal(lock.pid, process.pid);
    assert.equal(lock.host, hostname());
    s.release();
    s.release();
    assert.deepEqual(spills(base), []);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("a killed run's leftovers are removed once their owner is gone, a live run's never", () => {
  const base = mkdtempSync(join(tmpdir(), 'tf-spill-'));
  try {
    const dead = join(base, `.talentflow-spill-${deadPid()}-dead`);
    mkdirSync(dead);
    writeFileSync(join(dead, 'lock'), JSON.stringify({ pid: deadPid(), host: hostname(), started: '' }));
    writeFileSync(join(dead, 'duckdb_temp_block-1.block'), 'x'.repeat(1000));
    const live = join(base, '.talentflow-spill-live');
    mkdirSync(live);
    writeFileSync(join(live, 'lock'), JSON.stringify({ pid: process.ppid, host: hostname(), started: '' }));
    const otherHost = join(base, '.talentflow-spill-elsewhere');
    mkdirSync(otherHost);
    writeFileSync(join(otherHost, 'lock'), JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, started: '' }));
    // A killed run's temporary output folder beside OUT goes too; a live run's stays.
    const out = join(base, 'out');
    const deadTmp = join(base, `.out.tmp-${deadPid()}-1`);
    const liveTmp = join(base, `.out.tmp-${process.ppid}-1`);
    mkdirSync(deadTmp);
    mkdirSync(liveTmp);
    const s = SpillDir.acquire(base, out);
    assert.deepEqual(s.reclaimed.map((r) => r.path).sort(), [dead, deadTmp].sort());
    assert.ok(!existsSync(dead) && !existsSync(deadTmp));
    assert.ok(existsSync(live) && existsSync(otherHost) && existsSync(liveTmp));
    s.release();
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

/** Start a child that makes a spill folder under `base`, says its path and waits. */
function child(base: string): Promise<{ pid: number; path: string; exit: Promise<NodeJS.Signals | null> }> {
  const code = `const { SpillDir } = await import(${JSON.stringify(new URL('./resources.ts', import.meta.url).href)});
    const s = SpillDir.acquire(${JSON.stringify(base)}); console.log(s.path); setInterval(() => {}, 1000);`;
  const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exit = new Promise<NodeJS.Signals | null>((res) => p.on('exit', (_c, sig) => res(sig)));
  return new Promise((res, rej) => {
    p.stdout.once('data', (b: Buffer) => res({ pid: p.pid!, path: b.toString().trim(), exit }));
    p.once('error', rej);
  });
}

test('Ctrl-C or SIGTERM removes the spill folder; after SIGKILL the next run removes it', async () => {
  const base = mkdtempSync(join(tmpdir(), 'tf-spill-'));
  try {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      const c = await child(base);
      assert.ok(existsSync(c.path));
      process.kill(c.pid, sig);
      assert.equal(await c.exit, sig, 'the child dies of the signal');
      assert.ok(!existsSync(c.path), `${sig} left ${c.path}`);
    }
    const c = await child(base);
    process.kill(c.pid, 'SIGKILL');
    await c.exit;
    assert.ok(existsSync(c.path), 'SIGKILL cannot clean up');
    const s = SpillDir.acquire(base);
    assert.ok(!existsSync(c.path), 'the next run removed the leftover');
    s.release();
    assert.deepEqual(spills(base), []);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('lack of memory or disk becomes a ResourceError naming the stage and the option', () => {
  const oom = resourceError(new Error('Out of Memory Error: could not allocate block of size 256KiB'), 'premium', { memoryLimit: '512MiB', spill: '/x' });
  assert.ok(oom instanceof ResourceError);
  assert.match(oom.message, /premium stage ran out of memory under the limit of 512MiB.*--memory-limit/);
  const disk = resourceError(new Error('IO Error: No space left on device'), 'ingest', { memoryLimit: '1MiB', spill: '/big' });
  assert.ok(disk instanceof ResourceError);
  assert.match(disk.message, /ingest stage ran out of disk.*\/big.*--temp-dir/);
  const other = new Error('Binder Error: column x not found');
  assert.equal(resourceError(other, 'x', { memoryLimit: '1MiB', spill: '/x' }), other);
});
