/**
 * Whether a data folder is a world of this generator: its `truth.json` starts with the
 * schema and generator record (read from the first bytes only; the file is large).
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

const HEAD = /^\{"schema":"talentflow-synth-truth\/1","generator":\{"seed":(\d+),"users":(\d+)[,}]/;

/** Seed and size of the synthetic world in `dir`, or undefined when `dir` holds no truth.json of the generator. */
export function worldStamp(dir: string): { seed: number; users: number } | undefined {
  const path = join(dir, 'truth.json');
  if (!existsSync(path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const m = HEAD.exec(buf.subarray(0, n).toString('utf8'));
    return m ? { seed: Number(m[1]), users: Number(m[2]) } : undefined;
  } finally {
    closeSync(fd);
  }
}
