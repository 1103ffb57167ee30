/**
 * Progress display for long stages: a cli-progress bar when stderr is a terminal,
 * nothing otherwise (CI logs and pipes stay quiet).
 */
import { createRequire } from 'node:module';

// cli-progress is loaded only when a bar is shown (never for `--help` or in a pipe).
const require = createRequire(import.meta.url);

/** A stage reporter: call `step(name, i, n)`; `done()` at the end. */
export interface Progress {
  step(name: string, index: number, total: number): void;
  done(): void;
}

/** A progress bar on a TTY, a no-op otherwise (or when `quiet`). */
export function progress(label: string, quiet = false): Progress {
  if (quiet || !process.stderr.isTTY) return { step() {}, done() {} };
  const cliProgress = require('cli-progress') as typeof import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {stage}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    step(name, index, total) {
      if (!started) {
        bar.start(total, index, { stage: name });
        started = true;
      } else bar.update(index, { stage: name });
    },
    done() {
      if (started) bar.stop();
    },
  };
}
