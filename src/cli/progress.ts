/**
 * Progress of a run: on a terminal, one line redrawn in place with the stage's name, the
 * stages done, the rows the engine's running query has processed of its total and the
 * time that query has left; elsewhere (CI logs, pipes), one line per finished stage with
 * its time, so a log shows where a run spent its time and where it stopped.
 */

/** Rows the engine's running query has processed of its estimated total. */
export interface QueryProgress {
  rows: number;
  total: number;
}

/**
 * A stage reporter: `step(name, i, n)` when a stage starts, `rows(p)` while it runs, `done()`
 * at the end; `note(msg)` prints a line of the run's detailed log (`--verbose`) above the bar.
 * `rows` is absent where nothing draws rows (not a terminal, or quiet): the run then does not
 * ask the engine to track its queries' progress, which costs the engine time.
 */
export interface Progress {
  step(name: string, index: number, total: number): void;
  rows?(p: QueryProgress): void;
  done(): void;
  note(msg: string): void;
}

/** Width of the bar, in characters. */
const WIDTH = 30;

/** `1.2M`, `34k`, `512`. */
export function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n));
}

/** `0:07`, `12:30`. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The progress line: `label [████░░░░] 3/11 stage`, then, while a query runs,
 * ` · 1.2M/4.0M rows · 0:07 left` (the time left of that query, from its rate so far).
 */
export function progressLine(label: string, name: string, index: number, total: number, q?: QueryProgress & { seconds: number }): string {
  const filled = total > 0 ? Math.round((Math.max(0, Math.min(index, total)) / total) * WIDTH) : 0;
  let line = `${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${index}/${total} ${name}`;
  if (q && q.total > 0 && q.rows > 0) {
    line += ` · ${compact(q.rows)}/${compact(q.total)} rows`;
    if (q.seconds >= 1 && q.rows < q.total) line += ` · ${clock((q.seconds * (q.total - q.rows)) / q.rows)} left`;
  }
  return line;
}

/** A progress line on a TTY, one line per finished stage otherwise; nothing when `quiet`. */
export function progress(label: string, quiet = false): Progress {
  const out = process.stderr;
  if (quiet) return { step() {}, done() {}, note() {} };
  let stage: { name: string; index: number; total: number; t0: number } | undefined;
  let query: { t0: number; total: number } | undefined;
  if (!out.isTTY) {
    const finish = () => {
      if (stage) out.write(`${label}: ${stage.name} ${((performance.now() - stage.t0) / 1000).toFixed(1)} s\n`);
    };
    return {
      step(name, index, total) {
        // A reporter that counts within one stage (the generator's blocks) repeats its name.
        if (stage?.name === name) return;
        finish();
        stage = { name, index, total, t0: performance.now() };
      },
      done() {
        finish();
        stage = undefined;
      },
      note(msg) {
        out.write(`${msg}\n`);
      },
    };
  }
  let shown = false;
  const draw = (q?: QueryProgress) => {
    if (!stage) return;
    const extra = q && query ? { ...q, seconds: (performance.now() - query.t0) / 1000 } : undefined;
    // Cut to the terminal's width so that the line never wraps; \x1b[K clears the rest.
    out.write(`\r${progressLine(label, stage.name, stage.index, stage.total, extra).slice(0, Math.max(1, (out.columns || 80) - 1))}\x1b[K`);
    shown = true;
  };
  return {
    step(name, index, total) {
      stage = { name, index, total, t0: performance.now() };
      query = undefined;
      draw();
    },
    rows(p) {
      // A new query: its total changed or its count went back.
      if (!query || p.total !== query.total) query = { t0: performance.now(), total: p.total };
      draw(p);
    },
    done() {
      if (shown) out.write('\r\x1b[K');
    },
    note(msg) {
      // The line replaces the bar, which is drawn again below it.
      out.write(`\r${msg}\x1b[K\n`);
      draw();
    },
  };
}
