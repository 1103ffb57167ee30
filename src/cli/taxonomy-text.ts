/**
 * The text of `talentflow taxonomy list | show | match` (the command itself is in
 * taxonomy.ts, which loads this file when it runs).
 */
import { readFile } from 'node:fs/promises';
import { UnreadableFileError, UsageError } from '../errors.ts';
import { csvCell } from '../output/csv.ts';
import { bulkMatcher, explainMatch, listPresets, loadTaxonomy, type MatchRow } from '../taxonomy/match.ts';

/** Output format of `taxonomy show` and `taxonomy match`. */
export type TaxonomyFormat = 'text' | 'json';

function checkFormat(format: string | undefined): TaxonomyFormat {
  const f = format ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, got "${f}"`);
  return f;
}

/** `taxonomy list`: the presets shipped with talentflow. */
export function taxonomyList(opts: { format?: string } = {}): string {
  const format = checkFormat(opts.format);
  const presets = listPresets();
  if (format === 'json') return JSON.stringify(presets.map(({ name, title, skills, aliases }) => ({ name, title, skills, aliases })), null, 2) + '\n';
  const w = Math.max(4, ...presets.map((p) => p.name.length));
  const lines = [`${'name'.padEnd(w)}  skills  aliases  title`];
  for (const p of presets) lines.push(`${p.name.padEnd(w)}  ${String(p.skills).padStart(6)}  ${String(p.aliases).padStart(7)}  ${p.title}`);
  return lines.join('\n') + '\n';
}

/** `taxonomy show <preset|file>`: the skills of a taxonomy with their subfields and aliases. */
export function taxonomyShow(nameOrPath: string, opts: { format?: string } = {}): string {
  const format = checkFormat(opts.format);
  const t = loadTaxonomy(nameOrPath);
  if (format === 'json') {
    const { name, title, source, description, skills } = t;
    return JSON.stringify({ name, title, source, description, skills }, null, 2) + '\n';
  }
  const lines = [`${t.name}: ${t.title}`, `source: ${t.source}`, '', t.description, ''];
  for (const s of t.skills) {
    lines.push(`${s.name}  [${s.subfield}]`);
    if (s.aliases.length) lines.push(`  aliases: ${s.aliases.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

/** `taxonomy match` was given both a text and `--file`, or neither. */
export class MatchInputError extends UsageError {}

/** `--file` names a file that does not exist or cannot be read. */
export class MatchFileError extends UnreadableFileError {}

/** Output format of the bulk `taxonomy match --file`. */
export type BulkFormat = 'text' | 'json' | 'csv';

/**
 * Split file text into lines: a leading BOM dropped, CRLF or LF line ends, one trailing
 * empty line (the file's final line end) ignored. Blank lines inside are kept, so row N
 * of the output is line N of the input.
 */
export function splitLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Read the lines of a UTF-8 file, or of `stdin` when `file` is `-`. */
export async function readMatchLines(file: string, stdin: AsyncIterable<Buffer | string> = process.stdin): Promise<string[]> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
    return splitLines(Buffer.concat(chunks).toString('utf8'));
  }
  try {
    return splitLines(await readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${(e as Error).message})`;
    throw new MatchFileError(`--file ${file} ${why}; give a text file with one skill text a line, or - for stdin`, { cause: e });
  }
}

const BULK_COLUMNS = ['input', 'normalised', 'skill', 'subfield', 'reason'] as const;

/** Render bulk match rows: an aligned table, a JSON array of objects, or CSV with a header. */
export function formatMatchRows(rows: MatchRow[], format: BulkFormat): string {
  if (format === 'json') return rows.length ? `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n` : '[]\n';
  if (format === 'csv') {
    const lines = [BULK_COLUMNS.join(',')];
    for (const r of rows) lines.push(BULK_COLUMNS.map((c) => csvCell(r[c])).join(','));
    return lines.join('\n') + '\n';
  }
  // Text: control characters (tabs, stray CR) shown escaped so the columns stay aligned.
  const show = (v: string | null): string => (v === null ? '-' : v.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1)));
  const cells = rows.map((r) => BULK_COLUMNS.map((c) => show(r[c])));
  const widths = BULK_COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]): string =>
    row.map((v, i) => (i === row.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(BULK_COLUMNS), ...cells.map(line)].join('\n') + '\n';
}

/** Match many texts against one taxonomy, loaded once; one row per text, in order. */
export function matchAll(texts: readonly string[], taxonomy = 'bok12'): MatchRow[] {
  const m = bulkMatcher(loadTaxonomy(taxonomy));
  return texts.map(m);
}

/**
 * `taxonomy match --file FILE`: every line of the file (or stdin for `-`) matched, one row
 * per line in input order (input, normalised, skill, subfield, reason).
 */
export async function taxonomyMatchFile(
  file: string,
  opts: { taxonomy?: string; format?: string } = {},
  stdin?: AsyncIterable<Buffer | string>,
): Promise<string> {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'csv') throw new UsageError(`--format must be text, json or csv, got "${format}"`);
  const tax = loadTaxonomy(opts.taxonomy ?? 'bok12');
  const lines = await readMatchLines(file, stdin);
  return formatMatchRows(lines.map(bulkMatcher(tax)), format);
}

/** `taxonomy match "<text>"`: the normalisation steps and which name/alias matched, or why none did. */
export function taxonomyMatch(text: string, opts: { taxonomy?: string; format?: string } = {}): string {
  const format = checkFormat(opts.format);
  const t = loadTaxonomy(opts.taxonomy ?? 'bok12');
  const ex = explainMatch(t, text);
  if (format === 'json') return JSON.stringify(ex, null, 2) + '\n';
  const lines = [`input: ${JSON.stringify(text)}  (taxonomy ${t.name})`];
  for (const s of ex.steps) lines.push(`  ${s.step.padEnd(44)} → ${JSON.stringify(s.result)}`);
  lines.push(ex.match ? `match: ${ex.match.skill} [${ex.match.subfield}] via ${ex.match.via} "${ex.match.alias}"` : 'match: none');
  lines.push(ex.reason);
  return lines.join('\n') + '\n';
}
