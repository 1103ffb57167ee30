/**
 * The engine's SQL as values: a query is a {@link Frag} (text pieces and nodes) rendered for
 * a {@link Dialect} only when it is run. Static SQL lives in `sql/*.sql` templates written
 * in the SQL DuckDB and PostgreSQL share; what differs between engines (identifier and
 * literal quoting, the DOUBLE type, `isfinite`, array parameters) is a node the dialect
 * renders. Generated column names (`x0`, `f1`, `gid`) are trusted text; user column names
 * only enter through {@link id}, values through {@link lit}.
 */
import { readFileSync } from 'node:fs';
import type { Dialect } from './dialect/dialect.ts';

/** Anything that renders to SQL text for a dialect. */
export interface Node {
  render(d: Dialect): string;
}

/** A fragment of SQL: text pieces and nodes, rendered in order. */
export class Frag implements Node {
  constructor(readonly parts: readonly (string | Node)[]) {}
  render(d: Dialect): string {
    let s = '';
    for (const p of this.parts) s += typeof p === 'string' ? p : p.render(d);
    return s;
  }
}

/** What a fragment may interpolate: a node, a finite number, or a list of them (joined with ', '). */
export type Piece = Node | string | number | readonly (Node | string | number)[];

function piece(v: Piece): (string | Node)[] {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`non-finite number in SQL: ${v}`);
    return [String(v)];
  }
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return (v as readonly (Node | string | number)[]).flatMap((x, i) => (i ? [', ', ...piece(x)] : piece(x)));
  return [v as Node];
}

/**
 * Tagged template: `q\`SELECT ${id(col)} FROM ${t}\``. Strings are trusted SQL text (generated
 * names, never user input); user names go through `id()`, user values through `lit()`.
 */
export function q(strings: TemplateStringsArray, ...values: Piece[]): Frag {
  const parts: (string | Node)[] = [strings[0] ?? ''];
  values.forEach((v, i) => parts.push(...piece(v), strings[i + 1] ?? ''));
  return new Frag(parts);
}

/** Join pieces with a separator. */
export function join(items: readonly Piece[], sep = ', '): Frag {
  return new Frag(items.flatMap((x, i) => (i ? [sep, ...piece(x)] : piece(x))));
}

const node = (f: (d: Dialect) => string): Node => ({ render: f });

/** A quoted identifier (a user column or a table name). */
export const id = (name: string): Node => node((d) => d.ident(name));

/** A literal value. */
export const lit = (v: string | number | boolean | null): Node => node((d) => d.literal(v));

/** The double-precision type. */
export const DOUBLE: Node = node((d) => d.double);

/** `e` cast to double precision. */
export const toDouble = (e: Piece): Node => {
  const f = new Frag(piece(e));
  return node((d) => `CAST(${f.render(d)} AS ${d.double})`);
};

/** True when `e` (a double) is neither NaN nor infinite (NULL when e is NULL). */
export const isFinite = (e: Piece): Node => {
  const f = new Frag(piece(e));
  return node((d) => d.isFinite(f.render(d)));
};

/**
 * `sum(e)` computed exactly, so that the result does not depend on the order in which a
 * parallel aggregate meets the rows (floating-point addition is not associative: DuckDB's
 * `sum` of doubles differs between runs in the last bits). Each term is split into two
 * BIGINT fixed-point parts, round(e·2¹⁰) and the remainder ·2⁷², whose sums are exact
 * integers; the result is their sum in double precision. Exact to 2⁻⁷³ (1e-22) per term;
 * |e| must stay below 2⁵³ (9e15). NULL terms are skipped; no term gives NULL, as `sum`.
 */
export const exactSum = (e: Piece): Node => {
  const [a, b] = exactParts(e);
  return exactOfParts(a, b);
};

/**
 * The two integer sums of {@link exactSum}'s `e`: `sum` of round(e·2¹⁰) and of the
 * remainder ·2⁷² (HUGEINT in DuckDB, numeric in PostgreSQL). Sums of such sums are the
 * same exact integers, so {@link exactOfParts} of `sum(a)`, `sum(b)` over pre-aggregated
 * rows is bit for bit the `exactSum` over the rows themselves.
 */
export const exactParts = (e: Piece): [Node, Node] => {
  const f = new Frag(piece(e));
  const s = (d: Dialect): string => `((${f.render(d)}) * 1024.0)`;
  return [
    node((d) => `sum(CAST(${s(d)} AS BIGINT))`),
    node((d) => `sum(CAST((${s(d)} - CAST(${s(d)} AS BIGINT)) * 4611686018427387904.0 AS BIGINT))`),
  ];
};

/** The double of {@link exactSum} from its two integer sums `a`, `b` (see {@link exactParts}). */
export const exactOfParts = (a: Piece, b: Piece): Node => {
  const [fa, fb] = [new Frag(piece(a)), new Frag(piece(b))];
  return node((d) => `(CAST(${fa.render(d)} AS ${d.double}) / 1024.0 + CAST(${fb.render(d)} AS ${d.double}) / 4722366482869645213696.0)`);
};

/** `a` equals `b` or both are NULL, as a join condition the dialect can hash (see `Dialect.notDistinct`). */
export const notDistinct = (a: string, b: string): Node => node((d) => d.notDistinct(a, b));

/** Element `index` (0-based SQL expression) of the DOUBLE[] query parameter `name`. */
export const listParam = (name: string, index: Piece): Node => {
  const f = new Frag(piece(index));
  return node((d) => d.listParam(name, f.render(d)));
};

/** A `.sql` template beside this module, with `{{name}}` placeholders. */
export class Template {
  private readonly pieces: string[];
  constructor(readonly name: string, text: string) {
    this.pieces = text.split(/\{\{(\w+)\}\}/);
  }
  /** The template with every placeholder filled; a missing one is a bug. */
  fill(parts: Record<string, Piece>): Frag {
    const out: (string | Node)[] = [];
    this.pieces.forEach((p, i) => {
      if (i % 2 === 0) return void out.push(p);
      const v = parts[p];
      if (v === undefined) throw new Error(`SQL template ${this.name}: placeholder {{${p}}} not provided`);
      out.push(...piece(v));
    });
    return new Frag(out);
  }
}

/** Load `sql/<name>.sql`. */
export function template(name: string): Template {
  return new Template(name, readFileSync(new URL(`sql/${name}.sql`, import.meta.url), 'utf8'));
}
