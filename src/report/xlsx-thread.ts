/**
 * The XLSX workbook (xlsx.ts) built in a worker thread, so that it runs beside the
 * report's charts and page on the main thread (on the demo each takes about 1.5 s, and
 * the database is idle by then). The thread can be started early — `runStudy` starts it
 * while the engine works — so that its start-up is out of the way when the tables are ready.
 */
import { Worker } from 'node:worker_threads';
import { TalentflowError } from '../errors.ts';
import { workerExecArgv } from '../worker-options.ts';
import type { OutputTable } from '../output/table.ts';
import type { Manifest } from '../study/manifest.ts';

/** The workbook thread failed or exited before answering. */
export class WorkbookThreadError extends TalentflowError {}

/** What the thread answers: the workbook bytes, or the error's text. */
export interface WorkbookThreadReply {
  bytes?: Uint8Array;
  error?: string;
}

/** A worker thread that builds one workbook. Start it early; `build` once; `close` always. */
export class WorkbookThread {
  private readonly worker: Worker;
  private readonly reply: Promise<Uint8Array>;
  private used = false;

  constructor() {
    this.worker = new Worker(new URL('./xlsx-thread-entry.mjs', import.meta.url), { execArgv: workerExecArgv() });
    this.reply = new Promise((resolve, reject) => {
      this.worker.once('message', (m: WorkbookThreadReply) =>
        m.bytes ? resolve(m.bytes) : reject(new WorkbookThreadError(`the workbook could not be written: ${m.error}`)),
      );
      this.worker.once('error', (e) => reject(new WorkbookThreadError(`the workbook thread failed: ${e.message}`)));
      this.worker.once('exit', (code) => reject(new WorkbookThreadError(`the workbook thread exited with code ${code} before answering`)));
    });
    this.reply.catch(() => undefined); // surfaces in build(); a thread never used must not raise
  }

  /** Build the workbook of `tables` (the tables are copied to the thread). */
  build(tables: Map<string, OutputTable>, manifest: Manifest): Promise<Uint8Array> {
    if (this.used) throw new Error('a WorkbookThread builds one workbook');
    this.used = true;
    this.worker.postMessage({ tables: [...tables], manifest });
    return this.reply;
  }

  /** Stop the thread (safe to call at any time, and more than once). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Build the workbook of `tables` in a new worker thread. */
export async function workbookInThread(tables: Map<string, OutputTable>, manifest: Manifest): Promise<Uint8Array> {
  const t = new WorkbookThread();
  try {
    return await t.build(tables, manifest);
  } finally {
    await t.close();
  }
}
