/**
 * A small tagged template for composing SQL safely (after mosaic's `sql` tag and
 * evidence's `escapeSqlValue`): interpolated values become escaped literals, `ident()`
 * quotes identifiers, and nested `Sql` fragments are inlined. No user value is ever
 * concatenated into SQL text by hand.
 */
export class Sql {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A quoted identifier (table or column name). */
export class Ident {
  constructor(readonly parts: string[]) {}
}

/** Quote an identifier, optionally qualified (`ident('main', 'positions')`). */
export function ident(...parts: string[]): Ident {
  return new Ident(parts);
}

/** Values a template may interpolate. */
export type SqlValue = string | number | bigint | boolean | null | undefined | Date | Sql | Ident | SqlValue[];

/** Escape one value as a SQL literal. */
export function literal(v: SqlValue): string {
  if (v instanceof Sql) return v.text;
  if (v instanceof Ident) return v.parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return v.length ? v.map(literal).join(', ') : 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`non-finite number in SQL: ${v}`);
    return String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return `TIMESTAMP '${v.toISOString().replace('T', ' ').replace('Z', '')}'`;
  const quoted = (t: string) => `'${t.replace(/'/g, "''")}'`;
  // A NUL would end the statement text early: it is spliced in with chr(0).
  return v.includes('\0') ? `(${v.split('\0').map(quoted).join(' || chr(0) || ')})` : quoted(v);
}

/** Tagged template: `sql\`select * from ${ident(t)} where c = ${value}\``. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  let text = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) text += literal(values[i]!) + (strings[i + 1] ?? '');
  return new Sql(text);
}

/** Raw, trusted SQL text (from a `.sql` file of the project, never from a user). */
export function raw(text: string): Sql {
  return new Sql(text);
}

/** Join fragments with a separator. */
export function join(parts: (Sql | Ident)[], sep = ', '): Sql {
  return new Sql(parts.map((p) => literal(p)).join(sep));
}
