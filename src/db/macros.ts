/**
 * Small SQL helpers written once for both engines: a `.sql` file of definitions
 * `name(a, b) := (body);` in the shared SQL. On DuckDB each becomes a `TEMP MACRO`; on
 * PostgreSQL, which has no macros (and never looks up functions in the session's temporary
 * schema), every call is replaced by the body with its arguments in place, before the query
 * is sent — as the dialect does for `exact_sum`.
 */
import type { Db, Sql } from './index.ts';
import { raw } from './sql.ts';
import { matchingParen } from './dialect.ts';

/** One helper: its name, parameter names and body. */
export interface SqlMacro {
  name: string;
  params: string[];
  body: string;
}

const HEAD = /^([a-z_][a-z0-9_]*)\(([a-z0-9_,\s]*)\)\s*:=\s*/i;

/** The definitions of a file (`--` comments allowed; each ends with `;` at the end of a line). */
export function parseMacros(text: string): SqlMacro[] {
  const lines = text.split('\n').filter((l) => !/^\s*--/.test(l));
  const out: SqlMacro[] = [];
  let cur: string[] = [];
  for (const line of lines) {
    if (!cur.length && !line.trim()) continue;
    cur.push(line);
    if (/;\s*$/.test(line)) {
      const def = cur.join('\n').replace(/;\s*$/, '');
      const m = HEAD.exec(def);
      if (!m) throw new Error(`not a helper definition "name(args) := body;": ${def.slice(0, 80)}`);
      out.push({ name: m[1]!, params: m[2]!.split(',').map((p) => p.trim()).filter(Boolean), body: def.slice(m[0].length).trim() });
      cur = [];
    }
  }
  if (cur.some((l) => l.trim())) throw new Error(`helper definition without a closing ';': ${cur.join(' ').slice(0, 80)}`);
  return out;
}

/** The top-level comma-separated arguments of a call's text (between its parentheses). */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(text.slice(from).trim());
  return out.filter((a, i) => a !== '' || i > 0);
}

/** Replace the parameter names of a body (outside quotes) by the arguments, parenthesised. */
function substitute(body: string, params: string[], args: string[]): string {
  const map = new Map(params.map((p, i) => [p.toLowerCase(), `(${args[i]})`]));
  return body.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\b[A-Za-z_][A-Za-z0-9_]*\b/g, (tok) => (tok[0] === "'" || tok[0] === '"' ? tok : map.get(tok.toLowerCase()) ?? tok));
}

/**
 * The text with every call of a helper replaced by its body (helpers may call helpers).
 * Quoted strings, quoted identifiers and `--` comments are left as they are.
 */
export function inlineMacros(text: string, macros: readonly SqlMacro[]): string {
  if (!macros.length) return text;
  const byName = new Map(macros.map((m) => [m.name.toLowerCase(), m]));
  const expand = (t: string, depth: number): string => {
    if (depth > 20) throw new Error('helpers nested more than 20 deep');
    let out = '';
    let i = 0;
    while (i < t.length) {
      const c = t[i]!;
      if (c === "'" || c === '"') {
        const end = t.indexOf(c, i + 1);
        const stop = end < 0 ? t.length : end + 1;
        out += t.slice(i, stop);
        i = stop;
      } else if (c === '-' && t[i + 1] === '-') {
        const end = t.indexOf('\n', i);
        const stop = end < 0 ? t.length : end;
        out += t.slice(i, stop);
        i = stop;
      } else if (/[A-Za-z_]/.test(c) && !/[\w.$]/.test(t[i - 1] ?? ' ')) {
        const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(t.slice(i))![0];
        const def = byName.get(word.toLowerCase());
        const open = i + word.length + (/^\s*/.exec(t.slice(i + word.length))![0].length);
        if (def && t[open] === '(') {
          const close = matchingParen(t, open);
          const args = splitArgs(t.slice(open + 1, close)).map((a) => expand(a, depth + 1));
          if (args.length !== def.params.length) throw new Error(`${def.name} takes ${def.params.length} arguments, got ${args.length}`);
          out += `(${expand(substitute(def.body, def.params, args), depth + 1)})`;
          i = close + 1;
        } else {
          out += word;
          i += word.length;
        }
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  return expand(text, 0);
}

/**
 * Make the helpers of a definitions file available on `db`: DuckDB gets them as TEMP
 * macros; the returned function prepares a query for the database (identity on DuckDB,
 * the calls inlined on PostgreSQL).
 */
export async function useMacros(db: Db, definitions: Sql): Promise<(q: Sql) => Sql> {
  const macros = parseMacros(definitions.text);
  if (db.dialect === 'duckdb') {
    for (const m of macros) await db.run(`CREATE OR REPLACE TEMP MACRO ${m.name}(${m.params.join(', ')}) AS ${m.body}`);
    return (q) => q;
  }
  return (q) => raw(inlineMacros(q.text, macros));
}
