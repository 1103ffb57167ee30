/**
 * Worker thread of `generateWorld`: renders the blocks it is sent (block.ts) and posts
 * them back, their byte and truth arrays transferred rather than copied. Started through
 * worker-entry.mjs (worker.js under dist/, worker.ts through tsx from the sources).
 */
import { parentPort } from 'node:worker_threads';
import { renderBlock, type BlockJob } from './block.ts';

parentPort!.on('message', (m: { id: number; job: BlockJob }) => {
  try {
    const out = renderBlock(m.job);
    const transfer = [out.positions, out.users, out.education, out.skills, out.truth.cells, out.truth.values].map((a) => a.buffer as ArrayBuffer);
    parentPort!.postMessage({ id: m.id, out }, transfer);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
