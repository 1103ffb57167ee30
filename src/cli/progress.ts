/**
 * Progress display for long stages: one line redrawn in place when stderr is a terminal,
 * nothing otherwise (CI logs and pipes stay quiet).
 */

/** A stage reporter: call `step(name, i, n)`; `done()` at the end. */
export interface Progress {
  step(name: string, index: number, total: number): void;
  done(): void;
}

/** Width of the bar, in characters. */
const WIDTH = 30;

/** The progress line: `label [████░░░░] 3/11 stage`. */
export function progressLine(label: string, name: string, index: number, total: number): string {
  const filled = total > 0 ? Math.round((Math.max(0, Math.min(index, total)) / total) * WIDTH) : 0;
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${index}/${total} ${name}`;
}

/** A progress line on a TTY, a no-op otherwise (or when `quiet`). */
export function progress(label: string, quiet = false): Progress {
  const out = process.stderr;
  if (quiet || !out.isTTY) return { step() {}, done() {} };
  let shown = false;
  return {
    step(name, index, total) {
      // Cut to the terminal's width so that the line never wraps; \x1b[K clears the rest.
      out.write(`\r${progressLine(label, name, index, total).slice(0, Math.max(1, (out.columns || 80) - 1))}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) out.write('\r\x1b[K');
    },
  };
}
