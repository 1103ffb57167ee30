/**
 * Progress display for long stages: a cli-progress bar when stderr is a terminal,
 * nothing otherwise (CI logs and pipes stay quiet).
 */
import cliProgress from 'cli-progress';

/** A stage reporter: call `step(name, i, n)`; `done()` at the end. */
export interface Progress {
  step(name: string, index: number, total: number): void;
  done(): void;
}

/** A progress bar on a TTY, a no-op otherwise (or when `quiet`). */
export function progress(label: string, quiet = false): Progress {
  if (quiet || !process.stderr.isTTY) return { step() {}, done() {} };
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
