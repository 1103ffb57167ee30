/**
 * What a run may take of the machine: the engine's memory limit and threads, and a spill
 * folder of its own. The spill folder is removed when the run ends, however it ends
 * (success, error, Ctrl-C, SIGTERM); the leftover of a killed run (SIGKILL, power loss) is
 * removed by a later run only once its owner is gone: each folder holds a lock file with
 * its owner's PID and host, and a folder whose owner still runs is never touched.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { freemem, hostname, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TalentflowError, UsageError } from '../errors.ts';

/** Settings of the engine for one run (they change how fast a run is, never its results). */
export interface Resources {
  /** DuckDB memory limit, e.g. `8GB` (default: {@link defaultMemoryLimit}). */
  memoryLimit?: string;
  /** Engine threads (default: every core). */
  threads?: number;
  /** Folder under which the run's spill folder is made (default: beside the output folder). */
  tempDir?: string;
}

/** The machine (or its container) ran out of memory or disk in a stage. */
export class ResourceError extends TalentflowError {}

const UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};

/** Memory the run may use: the smaller of the machine's memory and its cgroup limit. */
export function machineMemory(): number {
  let limit = totalmem();
  for (const f of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const v = Number(readFileSync(f, 'utf8').trim());
      if (Number.isFinite(v) && v > 0) limit = Math.min(limit, v);
    } catch {
      // no such cgroup file
    }
  }
  return limit;
}

/**
 * The most the default memory limit gives the engine: 3 GB. DuckDB fills its buffer pool up
 * to the limit whatever the data needs, so a share of a large machine is what a run holds.
 * At 3 GB the 10-million-position study runs as fast as with 60% of a 24 GiB machine and
 * peaks at about 4 GiB of RSS; below it its premium stage spills (README, Performance).
 * Larger data wants a larger `--memory-limit`.
 */
export const DEFAULT_MEMORY_CAP = 3e9;

/**
 * The default memory limit: the smaller of 60% of the machine's memory (or its cgroup
 * limit), which leaves room for Node's own heap, the report's workers and the rest of the
 * system, and {@link DEFAULT_MEMORY_CAP}.
 */
export function defaultMemoryLimit(machine = machineMemory()): string {
  return `${Math.floor(Math.min(0.6 * machine, DEFAULT_MEMORY_CAP) / 2 ** 20)}MiB`;
}

/** A size with a unit (`8GB`, `512MiB`) or a share of the machine (`50%`) in bytes; NaN for anything else. */
function sizeBytes(text: string, machine: number): number {
  const t = text.trim().toLowerCase();
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  const size = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)$/.exec(t);
  if (pct) return (Number(pct[1]) / 100) * machine;
  if (size) return Number(size[1]) * UNITS[size[2]!]!;
  return NaN;
}

/**
 * Parse `--memory-limit`: a size with a unit (`8GB`, `512MiB`) or a share of the machine
 * (`50%`). Returns it as DuckDB reads it (MiB).
 * @throws UsageError on anything else, or on less than 64 MiB.
 */
export function parseMemoryLimit(text: string): string {
  const bytes = sizeBytes(text, machineMemory());
  if (Number.isNaN(bytes)) throw new UsageError(`--memory-limit: "${text}" is not a size; write e.g. 8GB, 512MiB or 50%`);
  if (!(bytes >= 64 * 2 ** 20)) throw new UsageError(`--memory-limit: ${text} is less than 64 MiB, too little for the engine`);
  return `${Math.floor(bytes / 2 ** 20)}MiB`;
}

/** The share of the memory limit the engine's block allocator keeps ({@link blockAllocatorMemory}). */
export const BLOCK_ALLOCATOR_SHARE = 2 / 3;

/**
 * The engine's block allocator for a memory limit (DuckDB's `block_allocator_memory`):
 * {@link BLOCK_ALLOCATOR_SHARE} of the limit, at most half the machine's memory (DuckDB
 * reserves 80% of it as the allocator's address space; a larger setting aborts the
 * process). The allocator keeps the engine's 256 KiB blocks once touched and reuses them,
 * where the system allocator returns them to the kernel and takes them back page by page
 * (about a sixth of the CPU time of the 10-million-position study: README, Performance).
 * The kept blocks count in the process's RSS. Undefined when the limit is not a size.
 */
export function blockAllocatorMemory(memoryLimit: string, machine = machineMemory()): string | undefined {
  const bytes = Math.min(BLOCK_ALLOCATOR_SHARE * sizeBytes(memoryLimit, machine), 0.5 * machine);
  return bytes >= 2 ** 20 ? `${Math.floor(bytes / 2 ** 20)}MiB` : undefined;
}

/** The engine's memory options for a run's database: the memory limit and its {@link blockAllocatorMemory}. */
export function engineMemory(memoryLimit: string): { memoryLimit: string; blockAllocatorMemory?: string } {
  const blocks = blockAllocatorMemory(memoryLimit);
  return blocks ? { memoryLimit, blockAllocatorMemory: blocks } : { memoryLimit };
}

/**
 * Parse `--threads`: a whole number from 1 up.
 * @throws UsageError otherwise.
 */
export function parseThreads(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--threads: "${text}" must be a whole number of at least 1`);
  return n;
}

const PREFIX = '.talentflow-spill-';

interface Lock {
  pid: number;
  host: string;
  started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Is a folder left by a run that is gone? Its lock names a PID of this host that no longer
 * runs; a folder without a lock is stale once an hour old (its owner died while making it).
 */
function orphaned(dir: string): boolean {
  try {
    const lock = JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')) as Lock;
    return lock.host === hostname() && Number.isInteger(lock.pid) && lock.pid !== process.pid && !alive(lock.pid);
  } catch {
    try {
      return Date.now() - statSync(dir).mtimeMs > 3600_000;
    } catch {
      return false;
    }
  }
}

/** What {@link SpillDir.acquire} removed of earlier runs. */
export interface Reclaimed {
  path: string;
}

/** A run's own spill folder, removed when the run ends however it ends. */
export class SpillDir {
  private released = false;
  private readonly onSignal: (signal: NodeJS.Signals) => void;
  private readonly onExit: () => void;

  private constructor(readonly path: string, readonly reclaimed: Reclaimed[]) {
    this.onExit = () => this.removeNow();
    this.onSignal = (signal) => {
      this.release();
      // Die of the same signal, as if nothing had listened (exit code 128 + n).
      process.kill(process.pid, signal);
    };
    process.once('exit', this.onExit);
    for (const s of SIGNALS) process.once(s, this.onSignal);
  }

  /**
   * Make a spill folder under `base` (created if missing), first removing the folders there
   * of runs that are gone (and the temporary output folders such runs left beside `out`).
   */
  static acquire(base: string, out?: string): SpillDir {
    const root = resolve(base);
    try {
      mkdirSync(root, { recursive: true });
    } catch (e) {
      throw new UsageError(`--temp-dir ${base}: cannot create it (${(e as Error).message}); choose a writable folder`, { cause: e });
    }
    const reclaimed: Reclaimed[] = [];
    for (const name of readdirSync(root)) {
      if (!name.startsWith(PREFIX)) continue;
      const dir = join(root, name);
      if (orphaned(dir)) {
        rmSync(dir, { recursive: true, force: true });
        reclaimed.push({ path: dir });
      }
    }
    if (out !== undefined) reclaimed.push(...reclaimOutputTemps(out));
    const path = join(root, `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(path);
    const lock: Lock = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    writeFileSync(join(path, 'lock'), JSON.stringify(lock) + '\n');
    return new SpillDir(path, reclaimed);
  }

  /** Remove the folder and stop listening for signals (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    for (const s of SIGNALS) process.off(s, this.onSignal);
    this.removeNow();
  }

  private removeNow(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * The temporary output folders (`.OUT.tmp-PID-…`, `.OUT.old-PID-…`, see
 * `buildFolderAtomic`) that killed runs left beside `out`, when their PID is gone.
 */
function reclaimOutputTemps(out: string): Reclaimed[] {
  const parent = dirname(resolve(out));
  if (!existsSync(parent)) return [];
  const re = new RegExp(`^\\.${basename(out).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:tmp|old)-(\\d+)-\\d+$`);
  const gone: Reclaimed[] = [];
  for (const name of readdirSync(parent)) {
    const m = re.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const dir = join(parent, name);
    rmSync(dir, { recursive: true, force: true });
    gone.push({ path: dir });
  }
  return gone;
}

/** Where the spill folder goes by default: beside the output folder. */
export function defaultTempBase(out: string): string {
  return dirname(resolve(out));
}

/**
 * Turn an engine failure for lack of memory or disk into a {@link ResourceError} that names
 * the stage and what to change; other errors are returned as they are.
 */
export function resourceError(e: unknown, stage: string, r: { memoryLimit: string; spill: string }): unknown {
  const msg = e instanceof Error ? `${e.message} ${e.cause instanceof Error ? e.cause.message : ''}` : String(e);
  if (/out of memory|could not allocate|failed to allocate|memory_limit/i.test(msg)) {
    return new ResourceError(
      `the ${stage} stage ran out of memory under the limit of ${r.memoryLimit} (${Math.round(freemem() / 2 ** 20)} MiB free now): ` +
        'raise --memory-limit, lower --threads (each thread holds its own buffers), or free memory on the machine',
      { cause: e },
    );
  }
  if (/no space left on device|disk is full|max_temp_directory_size|temp_directory/i.test(msg)) {
    return new ResourceError(
      `the ${stage} stage ran out of disk for spilling in ${r.spill}: free space there or point --temp-dir to a larger disk`,
      { cause: e },
    );
  }
  return e;
}
