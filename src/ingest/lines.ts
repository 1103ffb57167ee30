/**
 * The CSV line reader: one streaming pass over a CSV or CSV.gz file that checks every line
 * before DuckDB parses anything. Lines may end in LF or CRLF, mixed; a UTF-8 byte-order mark
 * is dropped. Each record (one line; several when `multiline` allows a quoted field to span
 * lines) is either good (as many fields as the header, RFC 4180 quoting) or one counted
 * reject with its line and reason; blank lines are skipped. The file is refused whole when
 * it is not UTF-8 ({@link NotUtf8Error}, naming `--encoding`), when `encoding` is given and
 * the bytes are not valid in it, or (by the caller) when too many lines are rejects.
 *
 * When the file can be read by DuckDB as it is (UTF-8, one line-end style, no reject,
 * {@link CsvScan.clean}) the caller reads the original; otherwise a second pass with
 * `copyTo` writes the good records, LF-terminated UTF-8, to a temporary file that DuckDB
 * reads. Either way DuckDB reads with explicit columns and never sniffs, so what it reads
 * is exactly the records counted good here.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { UnreadableFileError } from '../errors.ts';
import { NotUtf8Error, UnknownEncodingError } from './errors.ts';
import { MAX_WEIGHT } from './schema.ts';

/** Why a line could not be read. */
export type LineRejectReason = 'bad_quoting' | 'wrong_field_count' | 'cut_last_line' | 'bad_line_end' | 'line_too_long';

/** One line that cannot be parsed. `value` holds the line's first 200 characters. */
export interface LineReject {
  line: number;
  reason: LineRejectReason;
  value: string;
}

/** What a pass over a CSV file found. */
export interface CsvScan {
  /** Field names of the header line, as written (quotes removed). */
  header: string[];
  /** Records after the header (blank lines aside): `good + rejects.length`. */
  records: number;
  good: number;
  rejects: LineReject[];
  blankLines: number;
  /**
   * Line numbers of the good records: record k (0-based, file order) sits at line
   * `k + 2 + shift` of the last pair `[th, shift]` with `th <= k` (shift 0 before the first).
   */
  shifts: [number, number][];
  /** DuckDB can read the original file as it is, with {@link CsvScan.newLine} ends. */
  clean: boolean;
  /** Line end of the original file when clean (`\n` in a copy). */
  newLine: '\n' | '\r\n';
  /** A gzip stream ended early (a cut download); what it held was read. */
  truncatedGzip: boolean;
  /**
   * By header position, the type every good record's value of a column of
   * {@link ScanOptions.typeChecks} passed the check for (`integer` before `double`), else null.
   */
  kinds: (ValueKind | null)[];
}

/** Options of {@link scanCsv}. */
export interface ScanOptions {
  /** WHATWG label of the file's encoding (`euc-kr`, `shift_jis`, …); the file is transcoded to UTF-8. Default UTF-8, checked. */
  encoding?: string;
  /** Allow quoted fields to hold line breaks (surveys with free text). */
  multiline?: boolean;
  /** Write the header and the good records (LF, UTF-8) to this file. */
  copyTo?: string;
  /**
   * Columns (header names trimmed and lower-cased) whose values are checked for a form that
   * DuckDB reads typed with nothing the validation sees changed ({@link ValueCheck}); the
   * result is {@link CsvScan.kinds}.
   */
  typeChecks?: Readonly<Record<string, ValueCheck>>;
}

/**
 * What a column's values are checked for. `integer`: each is empty or an integer written
 * canonically (`-?`, no leading zero, not `-0`, at most 18 digits): a BIGINT whose text is
 * the value. `positive`: each is such an integer, or else each is empty or a positive
 * decimal below 10¹⁰ (digits, optionally a point and digits, a digit not 0, at most
 * {@link POSITIVE_WHOLE_DIGITS} digits before the point but leading zeros, at most 40
 * characters: a DOUBLE from 1e-39 to below 1e10, which no rule drops (a salary > 0, a
 * weight in (0, 10¹⁰]: schema.ts `MAX_WEIGHT`), so its text is never needed).
 * `date`: each is empty or a calendar date YYYY-MM-DD of the years 1000-9999 (its text is
 * the DATE's).
 */
export type ValueCheck = 'integer' | 'positive' | 'date';

/** The type a checked column can be read with: see {@link ValueCheck}. */
export type ValueKind = 'integer' | 'double' | 'date';

/** Longest record read (bytes); DuckDB's `max_line_size` is set to the same. */
export const MAX_RECORD_BYTES = 10_000_000;
/** Longest multi-line record (lines) before its first line is taken for a stray quote. */
const MAX_SPAN = 1000;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const SPACE = 32;
const TAB = 9;

// parseRecord's result (module-level to keep the hot loop allocation-free).
const OK = 0;
const BAD_QUOTE = 1;
const BAD_CR = 2;
const INCOMPLETE = 3;
const OVERFLOW = 4;
const OPEN_AT_EOF = 5;
let rStatus = OK;
let rEnd = 0; // index just past the record (after its line end)
let rContentEnd = 0; // index past its last byte, line end excluded
let rFields = 0;
let rLines = 0;
let rCrlf = false;
let rHasEnd = false;
let rFast = false; // the record took the fast path (no quote, no stray CR): commaAt holds its commas

/** Fields whose ends the fast path records (in commaAt) while trackCommas is set. */
const MAX_TRACKED = 256;
const commaAt = new Int32Array(MAX_TRACKED);
let trackCommas = false;

// Next quote / CR at or after the current record in the buffer being parsed (-1: none left).
let cacheBuf: Buffer | null = null;
let nextQuote = -1;
let nextCr = -1;

/** Parse one record of `b` from `i`; results in the r* variables. */
function parseRecord(b: Buffer, i: number, end: number, eof: boolean, multiline: boolean): void {
  const start = i;
  if (cacheBuf !== b) {
    cacheBuf = b;
    nextQuote = b.indexOf(QUOTE, i);
    nextCr = b.indexOf(CR, i);
  }
  if (nextQuote !== -1 && nextQuote < i) nextQuote = b.indexOf(QUOTE, i);
  if (nextCr !== -1 && nextCr < i) nextCr = b.indexOf(CR, i);
  const lf = b.indexOf(LF, i);
  if (lf !== -1 && lf < end && (nextQuote === -1 || nextQuote > lf) && (nextCr === -1 || nextCr >= lf - 1)) {
    // Fast path: a line without quotes or stray CRs; its fields are its commas plus one.
    let fields = 1;
    if (trackCommas) {
      // where the first MAX_TRACKED fields end, for the value checks of scanCsv
      for (let j = i; j < lf; j++) {
        if (b[j] === COMMA) {
          if (fields <= MAX_TRACKED) commaAt[fields - 1] = j;
          fields++;
        }
      }
    } else for (let j = i; j < lf; j++) if (b[j] === COMMA) fields++;
    rFast = true;
    rFields = fields;
    rLines = 1;
    rHasEnd = true;
    rEnd = lf + 1;
    rCrlf = lf > i && b[lf - 1] === CR;
    rContentEnd = rCrlf ? lf - 1 : lf;
    rStatus = OK;
    return;
  }
  rFast = false;
  let fields = 1;
  let st = 0; // 0 field start, 1 unquoted, 2 quoted, 3 quote seen inside quotes
  let bad = OK;
  let lines = 1;
  let fieldStart = i;
  for (; i < end; i++) {
    const c = b[i]!;
    if (st === 2) {
      if (c === QUOTE) st = 3;
      else if (c === LF) {
        if (!multiline) {
          bad = BAD_QUOTE;
          break;
        }
        lines++;
        if (lines > MAX_SPAN || i - start > MAX_RECORD_BYTES) {
          rStatus = OVERFLOW;
          rLines = lines;
          return;
        }
      }
      continue;
    }
    if (c === COMMA) {
      fields++;
      st = 0;
      fieldStart = i + 1;
    } else if (c === LF) {
      break;
    } else if (c === CR) {
      if (i + 1 < end ? b[i + 1] !== LF : !eof || i + 1 !== end) {
        if (bad === OK) bad = BAD_CR;
        st = 1;
      }
    } else if (st === 3) {
      if (c === QUOTE) st = 2;
      else {
        if (bad === OK) bad = BAD_QUOTE;
        st = 1;
      }
    } else if (c === QUOTE && st === 0) st = 2;
    else if (c === QUOTE && blankFrom(b, fieldStart, i)) {
      // DuckDB opens a quoted field after one space but fails after more blanks or a tab.
      if (i - fieldStart === 1 && b[fieldStart] === SPACE) st = 2;
      else if (bad === OK) bad = BAD_QUOTE;
    } else st = 1;
  }
  rFields = fields;
  rLines = lines;
  if (i < end) {
    // b[i] is the LF that ends the record
    rHasEnd = true;
    rEnd = i + 1;
    rCrlf = i > start && b[i - 1] === CR;
    rContentEnd = rCrlf ? i - 1 : i;
    rStatus = bad;
    return;
  }
  if (!eof) {
    rStatus = INCOMPLETE;
    return;
  }
  rHasEnd = false;
  rEnd = end;
  rCrlf = end > start && b[end - 1] === CR;
  rContentEnd = rCrlf ? end - 1 : end;
  rStatus = st === 2 ? OPEN_AT_EOF : bad;
}

/** Digits before the point of a `positive` decimal (leading zeros aside): below 10^this ≤ `MAX_WEIGHT`, so no rule drops it. */
const POSITIVE_WHOLE_DIGITS = Math.floor(Math.log10(MAX_WEIGHT));

// Bits of valueBits: what a value can be read as.
const AS_INTEGER = 1;
const AS_POSITIVE = 2;
const AS_DATE = 4;
const CHECK_BITS: Record<ValueCheck, number> = { integer: AS_INTEGER, positive: AS_INTEGER | AS_POSITIVE, date: AS_DATE };
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** The bits of `want` the value b[s..e) satisfies (see {@link ValueCheck}); an empty value all of them. */
function valueBits(b: Uint8Array, s: number, e: number, want: number): number {
  const n = e - s;
  if (n === 0) return want;
  let out = 0;
  if (want & (AS_INTEGER | AS_POSITIVE)) {
    const neg = b[s] === MINUS;
    const p = neg ? s + 1 : s;
    let digits = 0;
    let nonzero = false;
    let point = -1;
    let whole = 0; // digits before the point, but leading zeros
    let ok = p < e;
    for (let k = p; k < e; k++) {
      const c = b[k]!;
      if (c >= ZERO && c <= NINE) {
        digits++;
        if (c !== ZERO) nonzero = true;
        if (point < 0 && nonzero) whole++;
      } else if (c === DOT && point < 0) point = k;
      else {
        ok = false;
        break;
      }
    }
    if (ok) {
      if (want & AS_INTEGER && point < 0 && digits <= 18 && (digits === 1 || b[p] !== ZERO) && !(neg && !nonzero)) out |= AS_INTEGER;
      if (want & AS_POSITIVE && !neg && nonzero && whole <= POSITIVE_WHOLE_DIGITS && n <= 40 && point !== p && point !== e - 1) out |= AS_POSITIVE;
    }
  }
  if (want & AS_DATE && n === 10 && b[s + 4] === MINUS && b[s + 7] === MINUS) {
    // digit values; a byte that is not a digit gives a value above 9 (unsigned)
    const y1 = (b[s]! - ZERO) >>> 0;
    const y2 = (b[s + 1]! - ZERO) >>> 0;
    const y3 = (b[s + 2]! - ZERO) >>> 0;
    const y4 = (b[s + 3]! - ZERO) >>> 0;
    const m1 = (b[s + 5]! - ZERO) >>> 0;
    const m2 = (b[s + 6]! - ZERO) >>> 0;
    const d1 = (b[s + 8]! - ZERO) >>> 0;
    const d2 = (b[s + 9]! - ZERO) >>> 0;
    if (y1 <= 9 && y2 <= 9 && y3 <= 9 && y4 <= 9 && m1 <= 9 && m2 <= 9 && d1 <= 9 && d2 <= 9 && y1 > 0) {
      const y = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
      const m = m1 * 10 + m2;
      const day = d1 * 10 + d2;
      const days = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
      if (m >= 1 && m <= 12 && day >= 1 && day <= days) out |= AS_DATE;
    }
  }
  return out;
}

/** b[from..to) holds only spaces and tabs. */
function blankFrom(b: Buffer, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (b[k] !== SPACE && b[k] !== TAB) return false;
  return true;
}

/** The fields of one record's text (the header), quotes removed. */
export function splitRecord(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else if (ch === '"' && (cur === '' || cur === ' ')) {
      quoted = true;
      cur = '';
    }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Byte chunks of a file: gunzipped for `.gz`; `truncated` is set when the gzip stream ends early. */
async function* fileBytes(path: string, state: { truncated: boolean }): AsyncGenerator<Buffer> {
  const rs = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!path.toLowerCase().endsWith('.gz')) {
    yield* rs as AsyncIterable<Buffer>;
    return;
  }
  const gz = createGunzip({ chunkSize: 1 << 20 });
  rs.on('error', (e) => gz.destroy(e));
  rs.pipe(gz);
  try {
    for await (const chunk of gz as AsyncIterable<Buffer>) yield chunk;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'Z_BUF_ERROR') {
      state.truncated = true;
      return;
    }
    throw new UnreadableFileError(`${path} cannot be read as gzip (${err.message}). Check the file is complete and gzip-compressed (re-download or re-export it), or remove it from the folder.`, { cause: e });
  } finally {
    rs.destroy();
  }
}

/** A TextDecoder for `--encoding`, or null for UTF-8. */
function decoderFor(label: string | undefined): TextDecoder | null {
  if (label === undefined) return null;
  let d: TextDecoder;
  try {
    d = new TextDecoder(label, { fatal: true });
  } catch {
    throw new UnknownEncodingError(`--encoding ${label}: not an encoding talentflow knows. Give a WHATWG label such as utf-8, euc-kr (also CP949), shift_jis, gb18030, windows-1252 or utf-16le.`);
  }
  return d.encoding === 'utf-8' ? null : d;
}

/** The file's bytes as UTF-8: transcoded when an encoding is given. */
async function* utf8Bytes(path: string, decoder: TextDecoder | null, state: { truncated: boolean }): AsyncGenerator<Buffer> {
  if (!decoder) {
    yield* fileBytes(path, state);
    return;
  }
  try {
    for await (const chunk of fileBytes(path, state)) yield Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
    yield Buffer.from(decoder.decode(), 'utf8');
  } catch (e) {
    if (e instanceof TypeError) {
      throw new NotUtf8Error(`${path} is not valid ${decoder.encoding} text (--encoding ${decoder.encoding}). Give the file's real encoding with --encoding, or re-save it as UTF-8.`, { cause: e });
    }
    throw e;
  }
}

/** A guess at what a non-UTF-8 sample is, for the message. */
export function guessEncoding(sample: Buffer): { label: string; name: string } | null {
  if (sample[0] === 0xff && sample[1] === 0xfe) return { label: 'utf-16le', name: 'UTF-16 (little-endian)' };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { label: 'utf-16be', name: 'UTF-16 (big-endian)' };
  // Double-byte encodings write non-ASCII characters as byte pairs; single-byte ones as lone bytes.
  let runs = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; ) {
    if (sample[i]! < 0x80) {
      i++;
      continue;
    }
    let j = i;
    while (j < sample.length && sample[j]! >= 0x80) j++;
    runs++;
    if ((j - i) % 2 === 1) odd++;
    i = j;
  }
  if (runs > 0 && odd * 2 > runs) return { label: 'windows-1252', name: 'Windows-1252 / Latin-1 (Western European)' };
  const tries: [string, string, RegExp][] = [
    ['euc-kr', 'EUC-KR / CP949 (Korean)', /[\uac00-\ud7a3]/g],
    ['shift_jis', 'Shift_JIS (Japanese)', /[\u3040-\u30ff]/g],
    ['gb18030', 'GB18030 / GBK (Chinese)', /[\u4e00-\u9fff]/g],
  ];
  for (const [label, name, script] of tries) {
    try {
      const text = new TextDecoder(label, { fatal: true }).decode(sample);
      let nonAscii = 0;
      for (const ch of text) if (ch.charCodeAt(0) > 0x7f) nonAscii++;
      if (nonAscii > 0 && (text.match(script)?.length ?? 0) * 2 >= nonAscii) return { label, name };
    } catch {
      /* not this one */
    }
  }
  return null;
}

function notUtf8(path: string, line: number, sample: Buffer): NotUtf8Error {
  const guess = guessEncoding(sample);
  const looks = guess ? ` It looks like ${guess.name}.` : '';
  const label = guess?.label ?? 'euc-kr';
  return new NotUtf8Error(
    `${path} is not UTF-8 text (line ${line} holds bytes that are not UTF-8).${looks} ` +
      `Pass --encoding ${label} (the file's encoding${guess ? '' : ', e.g. euc-kr, shift_jis, windows-1252'}) to transcode it while reading, or re-save the file as UTF-8.`,
  );
}

/** Line number (in the block starting at line `first`) of the first line that is not UTF-8. */
function firstBadLine(b: Buffer, first: number): number {
  let line = first;
  let s = 0;
  while (s < b.length) {
    let e = b.indexOf(LF, s);
    if (e < 0) e = b.length;
    if (!isUtf8(b.subarray(s, e))) return line;
    line++;
    s = e + 1;
  }
  return line;
}

/** Read a CSV file once: header, good records, rejected lines (see the module comment). */
export async function scanCsv(path: string, opts: ScanOptions = {}): Promise<CsvScan> {
  const multiline = opts.multiline ?? false;
  const decoder = decoderFor(opts.encoding);
  const state = { truncated: false };
  const rejects: LineReject[] = [];
  const shifts: [number, number][] = [];
  let header: string[] | null = null;
  let nFields = 0;
  let good = 0;
  let blank = 0;
  let extra = 0; // physical lines so far not accounted for by one line per good record
  let lastShift = 0;
  let line = 1; // line number of the next record's first line
  let sawLf = false;
  let sawCrlf = false;
  let carry: Buffer | null = null;
  let first = true;
  let skipping = false; // dropping the rest of an over-long line
  const out: WriteStream | null = opts.copyTo ? createWriteStream(opts.copyTo) : null;
  let pending: Buffer[] = [];

  // The columns still checked (typeChecks): header position and the bits still satisfied.
  let checks: { at: number; bits: number }[] = [];
  const kinds: (ValueKind | null)[] = [];
  /** Check the values of the good record b[start..contentEnd) (parsed last). */
  const checkValues = (b: Buffer, start: number, contentEnd: number) => {
    let dead = false;
    if (rFast) {
      for (const c of checks) {
        const from = c.at === 0 ? start : commaAt[c.at - 1]! + 1;
        const to = c.at === rFields - 1 ? contentEnd : commaAt[c.at]!;
        c.bits = valueBits(b, from, to, c.bits);
        if (!c.bits) dead = true;
      }
    } else {
      const fields = splitRecord(b.toString('utf8', start, contentEnd));
      for (const c of checks) {
        const v = Buffer.from(fields[c.at]!, 'utf8');
        c.bits = valueBits(v, 0, v.length, c.bits);
        if (!c.bits) dead = true;
      }
    }
    if (dead) checks = checks.filter((c) => c.bits);
  };

  const reject = (b: Buffer, start: number, end: number, reason: LineRejectReason) => {
    rejects.push({ line, reason, value: b.toString('utf8', start, Math.min(end, start + 800)).slice(0, 200) });
  };

  /** Handle the complete records of b[0..end); returns where the unfinished one starts. */
  const handle = (b: Buffer, end: number, eof: boolean): number => {
    let pos = 0;
    while (pos < end) {
      const start = pos;
      trackCommas = checks.length > 0;
      parseRecord(b, pos, end, eof, multiline);
      if (rStatus === INCOMPLETE) return start;
      if (rStatus === OVERFLOW || (rLines > 1 && (rStatus !== OK || rFields !== nFields))) {
        // A quoted field that seemed to run over lines: take its first line for the bad one.
        if (header === null) throw headerError(path, b, start);
        const nl = b.indexOf(LF, start);
        const lineEnd = nl < 0 ? end : nl;
        reject(b, start, lineEnd > start && b[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd, rStatus === OK && rFields !== nFields ? 'wrong_field_count' : 'bad_quoting');
        extra++;
        line++;
        pos = nl < 0 ? end : nl + 1;
        continue;
      }
      pos = rEnd;
      if (rHasEnd) {
        if (rCrlf) sawCrlf = true;
        else sawLf = true;
      }
      if (header === null) {
        if (rStatus !== OK || rContentEnd === start) throw headerError(path, b, start);
        header = splitRecord(b.toString('utf8', start, rContentEnd));
        nFields = header.length;
        if (opts.typeChecks) {
          for (const [at, name] of header.entries()) {
            const check = Object.hasOwn(opts.typeChecks, name.trim().toLowerCase()) ? opts.typeChecks[name.trim().toLowerCase()] : undefined;
            if (check && at < MAX_TRACKED) checks.push({ at, bits: CHECK_BITS[check] });
          }
        }
        extra += rLines - 1;
        line += rLines;
        if (out) pending.push(b.subarray(start, rContentEnd), NEWLINE);
        continue;
      }
      if (rContentEnd === start) {
        blank++;
        extra++;
        line++;
        continue;
      }
      let reason: LineRejectReason | null = null;
      if (rStatus === OPEN_AT_EOF) reason = 'cut_last_line';
      else if (rStatus === BAD_QUOTE) reason = 'bad_quoting';
      else if (rStatus === BAD_CR) reason = 'bad_line_end';
      else if (rFields !== nFields) reason = !rHasEnd && rFields < nFields ? 'cut_last_line' : 'wrong_field_count';
      else if (rContentEnd - start > MAX_RECORD_BYTES) reason = 'line_too_long';
      if (reason) {
        reject(b, start, rContentEnd, reason);
        extra += rLines;
        line += rLines;
        continue;
      }
      if (extra !== lastShift) {
        shifts.push([good, extra]);
        lastShift = extra;
      }
      if (checks.length) checkValues(b, start, rContentEnd);
      good++;
      extra += rLines - 1;
      line += rLines;
      if (out) pending.push(b.subarray(start, rContentEnd), NEWLINE);
    }
    return end;
  };

  const flush = async () => {
    if (!out || !pending.length) return;
    const data = Buffer.concat(pending);
    pending = [];
    if (!out.write(data)) await once(out, 'drain');
  };

  try {
    for await (let chunk of utf8Bytes(path, decoder, state)) {
      if (first) {
        first = false;
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      if (skipping) {
        const nl = chunk.indexOf(LF);
        if (nl < 0) continue;
        skipping = false;
        chunk = chunk.subarray(nl + 1);
      }
      const buf: Buffer = carry && carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const lastNl = buf.lastIndexOf(LF);
      if (lastNl < 0) {
        carry = buf;
        if (carry.length > MAX_RECORD_BYTES) {
          if (header === null) throw headerError(path, carry, 0);
          reject(carry, 0, carry.length, 'line_too_long');
          extra++;
          line++;
          carry = null;
          skipping = true;
        }
        continue;
      }
      const block = buf.subarray(0, lastNl + 1);
      if (!decoder && !isUtf8(block)) throw notUtf8(path, firstBadLine(block, line), block.subarray(0, 1 << 16));
      const rest = handle(block, block.length, false);
      carry = rest < block.length ? Buffer.concat([block.subarray(rest), buf.subarray(lastNl + 1)]) : Buffer.from(buf.subarray(lastNl + 1));
      if (carry.length > 2 * MAX_RECORD_BYTES) {
        // An unfinished multi-line record this long is a stray quote: handled as overflow.
        const nl = carry.indexOf(LF);
        reject(carry, 0, nl, 'bad_quoting');
        extra++;
        line++;
        carry = carry.subarray(nl + 1);
      }
      await flush();
    }
    if (carry && carry.length) {
      if (!decoder && !isUtf8(carry)) throw notUtf8(path, firstBadLine(carry, line), carry.subarray(0, 1 << 16));
      handle(carry, carry.length, true);
    }
    await flush();
  } finally {
    if (out) {
      out.end();
      await once(out, 'close');
    }
  }
  if (header === null) {
    throw new UnreadableFileError(`${path} has no header line. A CSV file starts with a line of column names; export it again with its header.`);
  }
  for (let i = 0; i < nFields; i++) kinds.push(null);
  for (const c of checks) kinds[c.at] = c.bits & AS_INTEGER ? 'integer' : c.bits & AS_POSITIVE ? 'double' : 'date';
  const clean = !decoder && !state.truncated && rejects.length === 0 && !(sawLf && sawCrlf) && !(blank > 0 && nFields === 1);
  return {
    header,
    records: good + rejects.length,
    good,
    rejects,
    blankLines: blank,
    shifts,
    clean,
    newLine: sawCrlf && !sawLf ? '\r\n' : '\n',
    truncatedGzip: state.truncated,
    kinds,
  };
}

const NEWLINE = Buffer.from('\n');

function headerError(path: string, b: Buffer, start: number): UnreadableFileError {
  const nl = b.indexOf(LF, start);
  const text = b.toString('utf8', start, Math.min(nl < 0 ? b.length : nl, start + 200));
  return new UnreadableFileError(
    `${path}: line 1 is not a CSV header (${text ? `"${text}"` : 'it is empty'}; a header is one line of comma-separated column names, quoted where they hold a comma or quote). Export the file again with its header line.`,
  );
}
