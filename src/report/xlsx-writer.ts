/**
 * A small SpreadsheetML (XLSX) writer: sheets of plain values — inline strings, numbers,
 * booleans, blanks; no styles, formulas or shared strings — with column widths, an optional
 * frozen header row and header filters, zipped with Node's zlib (native deflate, level 1).
 * Enough for talentflow's exported tables, at a fraction of a general spreadsheet library's weight.
 *
 * The bytes depend only on the input: the zip entries carry the workbook's `created` time.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { roundSig } from '../output/number.ts';

/** One cell: a blank for null/undefined (and for non-finite numbers, as in the CSV files). */
export type XlsxCell = string | number | boolean | null | undefined;

/** One worksheet. */
export interface XlsxSheet {
  /** Sheet name (at most 31 characters, as Excel requires; longer names are cut). */
  name: string;
  /** The header row: one entry per column, with its width in characters. */
  columns: readonly { header: string; width: number }[];
  /** The data rows, below the header. */
  rows: Iterable<readonly XlsxCell[]>;
  /** Keep the header row in view when scrolling. */
  freezeHeader?: boolean;
  /** Filter buttons on the header row. */
  autoFilter?: boolean;
}

/** Document properties. */
export interface XlsxProps {
  creator?: string;
  /** Creation (and modification) time; also the zip entries' time. Default: now. */
  created?: Date;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// eslint-disable-next-line no-control-regex -- finding the characters XML cannot carry is the point
const NEEDS_ESCAPE = /[&<>"_\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Text as XML character data. Characters XML 1.0 cannot carry (control characters other
 * than tab, line feed and carriage return; lone surrogates) are written the way Excel
 * writes them, `_xHHHH_`, and so is the `_` of a literal `_xHHHH_` in the text.
 */
export function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    // eslint-disable-next-line no-control-regex -- as above
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(/[&<>"]/g, (c) => ESC[c]!);
}

function cell(ref: string, v: XlsxCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"><v>${roundSig(v)}</v></c>` : '';
  if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
  const space = /^\s|\s$/.test(v) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${xmlText(v)}</t></is></c>`;
}

/** Rows are turned into bytes this many at a time, so that their strings die young. */
const ROWS_PER_CHUNK = 2000;

function sheetXml(s: XlsxSheet): Buffer {
  const letters = s.columns.map((_, i) => columnName(i));
  const chunks: Buffer[] = [];
  let out: string[] = [`${HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL}">`];
  if (s.freezeHeader) {
    out.push('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>');
  }
  if (s.columns.length) {
    out.push('<cols>', ...s.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`), '</cols>');
  }
  out.push('<sheetData>');
  const row = (r: number, values: readonly XlsxCell[]) => {
    let x = `<row r="${r}">`;
    for (let i = 0; i < values.length && i < letters.length; i++) x += cell(letters[i]! + r, values[i]);
    out.push(x + '</row>');
    if (out.length >= ROWS_PER_CHUNK) {
      chunks.push(Buffer.from(out.join(''), 'utf8'));
      out = [];
    }
  };
  row(1, s.columns.map((c) => c.header));
  let r = 1;
  for (const values of s.rows) row(++r, values);
  out.push('</sheetData>');
  if (s.autoFilter && s.columns.length) out.push(`<autoFilter ref="A1:${letters.at(-1)}1"/>`);
  out.push('</worksheet>');
  chunks.push(Buffer.from(out.join(''), 'utf8'));
  return Buffer.concat(chunks);
}

/**
 * A zip archive of `files` (deflated; no zip64, so under 4 GB and 65,535 entries), every
 * entry dated `when` (a DOS date: 1980–2099, in UTC).
 */
function zip(files: [name: string, data: Buffer][], when: Date): Buffer {
  const y = Math.min(2099, Math.max(1980, when.getUTCFullYear()));
  const dosTime = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const dosDate = ((y - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const fileName = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data, { level: 1 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // flags: names in UTF-8
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); // central directory header
    dir.writeUInt16LE(20, 4); // version made by
    local.copy(dir, 6, 4, 30); // version needed … name length, as in the local header
    dir.writeUInt32LE(offset, 42); // where the local header is
    central.push(dir, fileName);
    parts.push(local, fileName, packed);
    offset += local.length + fileName.length + packed.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** `2025-12-05T00:00:00Z`: W3CDTF without milliseconds. */
function w3c(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The workbook of `sheets`, as XLSX bytes. */
export function writeXlsx(sheets: readonly XlsxSheet[], props: XlsxProps = {}): Uint8Array {
  const created = props.created ?? new Date();
  const names = sheets.map((s) => s.name.slice(0, 31));
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
      names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`).join('') +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      '</Types>',
    '_rels/.rels':
      `${HEAD}<Relationships xmlns="${PKG_REL}">` +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
      `<Relationship Id="rId2" Type="${PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>` +
      '</Relationships>',
    'docProps/core.xml':
      `${HEAD}<cp:coreProperties xmlns:cp="${PKG_REL}/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      (props.creator === undefined ? '' : `<dc:creator>${xmlText(props.creator)}</dc:creator>`) +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${w3c(created)}</dcterms:created>` +
      `<dcterms:modified xsi:type="dcterms:W3CDTF">${w3c(created)}</dcterms:modified>` +
      '</cp:coreProperties>',
    'xl/workbook.xml':
      `${HEAD}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>` +
      names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `${HEAD}<Relationships xmlns="${PKG_REL}">` +
      names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${names.length + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
      '</Relationships>',
    // The one default style every cell uses.
    'xl/styles.xml':
      `${HEAD}<styleSheet xmlns="${NS}">` +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>',
  };
  const files: [string, Buffer][] = Object.entries(parts).map(([name, text]) => [name, Buffer.from(text, 'utf8')]);
  sheets.forEach((s, i) => files.push([`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s)]));
  const bytes = zip(files, created);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
