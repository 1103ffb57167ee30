/**
 * A small pool of worker threads rendering blocks of users (worker.ts) for
 * `generateWorld`. Jobs go round-robin to the workers; `run` resolves with the block.
 */
import { Worker } from 'node:worker_threads';
import type { BlockJob, BlockOut } from './block.ts';
import { TalentflowError } from '../errors.ts';
import { workerExecArgv } from '../worker-options.ts';

/** A worker failed while rendering a block. */
export class WorkerFailedError extends TalentflowError {}

/** Worker threads rendering blocks of users, in the order they were asked for per worker. */
export class BlockPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (o: BlockOut) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(threads: number) {
    const entry = new URL('./worker-entry.mjs', import.meta.url);
    this.workers = Array.from({ length: threads }, () => {
      // A larger young generation: rendering allocates many short-lived strings and rows.
      const w = new Worker(entry, { execArgv: workerExecArgv(), resourceLimits: { maxYoungGenerationSizeMb: 128 } });
      w.on('message', (m: { id: number; out?: BlockOut; error?: string }) => {
        const p = this.waiting.get(m.id);
        if (!p) return;
        this.waiting.delete(m.id);
        if (m.out) p.resolve(m.out);
        else p.reject(new WorkerFailedError(`a generator thread failed: ${m.error}`));
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new WorkerFailedError(`a generator thread exited with code ${code}`));
      });
      return w;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  /** Render one block in the next worker. */
  run(job: BlockJob): Promise<BlockOut> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, job });
    });
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
