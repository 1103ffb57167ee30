/**
 * One fit's use of the connection: renders fragments for the connection's dialect, names
 * and drops its temporary tables, reads numeric results into typed arrays, and rethrows a
 * failed query as {@link EngineQueryError} with the SQL attached.
 */
import { randomUUID } from 'node:crypto';
import type { EngineConnection, LoadType } from './connection.ts';
import { EngineError, EngineQueryError } from './errors.ts';
import { id, q, type Frag, type Node } from './sql.ts';

export type Row = Record<string, unknown>;

/** A column kind of `Session.typed`. */
export type TypedKind = 'i' | 'd' | 'u16' | 'u8';

export class Session {
  private readonly prefix = `tf_engine_${randomUUID().replace(/-/g, '').slice(0, 12)}_`;
  private readonly created: Node[] = [];
  private readonly t0 = performance.now();

  constructor(
    readonly conn: EngineConnection,
    private readonly profile?: (stage: string, ms: number) => void,
  ) {}

  /** Report the time since the fit started to the caller's profiler, if any. */
  mark(stage: string): void {
    this.profile?.(stage, performance.now() - this.t0);
  }

  /** A temporary table name of this fit (dropped by {@link dropAll}). */
  table(suffix: string): Node {
    const t = id(`${this.prefix}${suffix}`);
    this.created.push(t);
    return t;
  }

  text(f: Frag): string {
    return f.render(this.conn.dialect);
  }

  private async guard<T>(sql: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof EngineError) throw e;
      throw new EngineQueryError(`query failed: ${(e as Error).message}`, sql, { cause: e });
    }
  }

  run(f: Frag): Promise<void> {
    const s = this.text(f);
    return this.guard(s, () => this.conn.run(s));
  }

  rows<T = Row>(f: Frag, params?: Record<string, readonly number[]>): Promise<T[]> {
    const s = this.text(f);
    return this.guard(s, () => this.conn.rows(s, params)) as Promise<T[]>;
  }

  /** Create a temporary table of INTEGER/DOUBLE columns and bulk-load it; returns its name. */
  async load(suffix: string, columns: { name: string; type: LoadType }[], rows: Iterable<ArrayLike<number>>): Promise<Node> {
    const name = `${this.prefix}${suffix}`;
    const t = id(name);
    this.created.push(t);
    await this.guard(`-- load ${name}`, () => this.conn.load(name, columns, rows));
    return t;
  }

  /**
   * Read a numeric result batch by batch into typed arrays (never whole-result JS objects):
   * per column `i` Int32, `d` Float64, or, for values known to fit, `u16` Uint16 and `u8`
   * Uint8 (narrower arrays for long results of small ids and codes).
   */
  async typed(f: Frag, kinds: TypedKind[]): Promise<{ n: number; cols: (Int32Array | Float64Array | Uint16Array | Uint8Array)[] }> {
    const s = this.text(f);
    return this.guard(s, async () => {
      let cap = 4096;
      let n = 0;
      const make = (k: TypedKind, size: number): Int32Array | Float64Array | Uint16Array | Uint8Array =>
        k === 'i' ? new Int32Array(size) : k === 'd' ? new Float64Array(size) : k === 'u16' ? new Uint16Array(size) : new Uint8Array(size);
      let cols = kinds.map((k) => make(k, cap));
      for await (const batch of this.conn.batches(s)) {
        const rows = batch.rowCount;
        if (n + rows > cap) {
          while (n + rows > cap) cap *= 2;
          cols = cols.map((c, j) => {
            const bigger = make(kinds[j]!, cap);
            bigger.set(c.subarray(0, n));
            return bigger;
          });
        }
        for (let j = 0; j < kinds.length; j++) {
          const vals = batch.column(j);
          const col = cols[j]!;
          if ((vals instanceof Float64Array && col instanceof Float64Array) || (vals instanceof Int32Array && col instanceof Int32Array)) col.set(vals.subarray(0, rows), n);
          else for (let i = 0; i < rows; i++) col[n + i] = Number(vals[i] ?? 0);
        }
        n += rows;
      }
      return { n, cols };
    });
  }

  /** Drop every temporary table of the fit (errors ignored: the fit's own error matters more). */
  async dropAll(): Promise<void> {
    for (const t of this.created.reverse()) await this.conn.run(this.text(q`DROP TABLE IF EXISTS ${t}`)).catch(() => undefined);
  }
}
