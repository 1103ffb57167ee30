/**
 * Worker thread of `WorkbookThread` (xlsx-thread.ts): loads the workbook code at once,
 * then builds the workbook of the first tables it is sent and posts the bytes back.
 * Started through xlsx-thread-entry.mjs.
 */
import { parentPort } from 'node:worker_threads';
import type { OutputTable } from '../output/table.ts';
import type { Manifest } from '../study/manifest.ts';
import type { WorkbookThreadReply } from './xlsx-thread.ts';
import { workbook } from './xlsx.ts';

parentPort!.once('message', (m: { tables: [string, OutputTable][]; manifest: Manifest }) => {
  workbook(new Map(m.tables), m.manifest).then(
    (bytes) => parentPort!.postMessage({ bytes } satisfies WorkbookThreadReply),
    (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkbookThreadReply),
  );
});
