/**
 * The engine's settings as flags of `run` and `demo`: `--memory-limit`, `--threads` and
 * `--temp-dir`. They change how a run uses the machine, never its results.
 */
import type { Command } from 'commander';
import type { Resources } from '../study/resources.ts';

/** Add the resource flags to a command. */
export function addResourceFlags(cmd: Command): Command {
  return cmd
    .option('--memory-limit <size>', 'memory the engine may hold, e.g. 8GB or 50% (default: 60% of the machine or its cgroup limit, at most 3GB); beyond it the engine spills to disk')
    .option('--threads <n>', 'engine threads (default: every core)')
    .option('--temp-dir <dir>', 'folder for this run\'s spill folder, removed when the run ends (default: beside the output folder)');
}

/** Parse the resource flags (validated; a bad value is a UsageError). */
export async function parseResourceFlags(o: Record<string, unknown>): Promise<Resources> {
  const { parseMemoryLimit, parseThreads } = await import('../study/resources.ts');
  const r: Resources = {};
  if (o.memoryLimit !== undefined) r.memoryLimit = parseMemoryLimit(String(o.memoryLimit));
  if (o.threads !== undefined) r.threads = parseThreads(String(o.threads));
  if (o.tempDir !== undefined) r.tempDir = String(o.tempDir);
  return r;
}
