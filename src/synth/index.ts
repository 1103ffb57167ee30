/**
 * The calibrated synthetic world: `generateWorld` streams a labour market in the Revelio
 * schema to disk (CSV, or Parquet converted by DuckDB) together with `truth.json`, the
 * exact values of every indicator; `ensureWorld` caches worlds by seed and size.
 *
 * Two passes over the users (each person regenerated from its own random stream, so both
 * passes see the same people): the first counts the AI users placed in each country in
 * 2024 by role, which fixes the sample weights (country factor × role coverage × design factor) so that
 * weighted AI headcounts hit the national totals; the second writes the rows and
 * accumulates the truth.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { VERSION } from '../study/version.ts';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { Db, sql, ident, join as sqlJoin, raw, sqlFile, fill } from '../db/index.ts';
import { UsageError } from '../errors.ts';
import * as P from './params.ts';
import { availableParallelism } from 'node:os';
import { COUNTRY_CODES, DEFAULT_SHAPE, generatePerson, paramKey, type CareerShape } from './model.ts';
import { companyRows, csvLine, WEIGHT_RESOLUTION } from './render.ts';
import { BLOCK_USERS, renderBlock, type BlockJob, type BlockOut } from './block.ts';
import { BlockPool } from './pool.ts';
import { COLUMNS, TruthAccumulator, type Truth } from './truth.ts';
import { yearEnd } from './dates.ts';

/** The default demo world (size and seed), used by `npm run demo`. */
export const DEFAULT_WORLD = { users: 200_000, seed: 20251205 } as const;

/** Output format of the generated tables. */
export type WorldFormat = 'csv' | 'parquet';

/** Options of `generateWorld`. */
export interface GenerateOptions {
  outDir: string;
  users: number;
  seed: number;
  format?: WorldFormat;
  /**
   * Worker threads rendering blocks of users (does not change the output). Default: the
   * machine's available parallelism (at most 4), one below 20,000 users.
   */
  threads?: number;
  /**
   * Mean positions per person (today's calibrated world: about 3.8; the BOK's sample about
   * 9). Spells are shortened or lengthened to hit it (`tenureFor`); default: calibrated.
   */
  positionsPerUser?: number;
  /** Pass 1 (weights) looks at the first min(users, pilotUsers) users and scales. */
  pilotUsers?: number;
  onProgress?: (done: number, total: number, phase: 'weights' | 'rows' | 'parquet') => void;
}

/** The tables of the world, in writing order. */
export const TABLES = ['individual_positions', 'individual_user', 'individual_user_education', 'individual_user_skills', 'company_mapping'] as const;

/** Bad arguments to the generator. */
export class SynthOptionsError extends UsageError {}

class CsvSink {
  /** Lines written as text (the header, company rows) since the last chunk. */
  private text = '';
  /** What to hand to the stream at the next flush, in order. */
  private readonly chunks: (string | Uint8Array)[] = [];
  private readonly stream: WriteStream;
  constructor(readonly path: string, header: readonly string[]) {
    this.stream = createWriteStream(path);
    this.text = csvLine(header);
  }
  write(cells: readonly string[]): void {
    this.text += csvLine(cells);
  }
  /** Append rows already rendered as CSV bytes (UTF-8). */
  writeBytes(bytes: Uint8Array): void {
    if (this.text) this.chunks.push(this.text);
    this.text = '';
    this.chunks.push(bytes);
  }
  /** Hand the chunks to the stream, waiting for it to drain when it is full (backpressure). */
  async flush(): Promise<void> {
    if (this.text) this.chunks.push(this.text);
    this.text = '';
    if (this.chunks.length === 0) return;
    let ok = true;
    for (const c of this.chunks) ok = this.stream.write(c);
    this.chunks.length = 0;
    if (!ok) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const GRID_YEAR = 2024;

/** Pass 1: the weight factor of each country so that weighted AI headcount in 2024 hits the target. */
export function countryFactors(
  seed: number, users: number, pilotUsers = 1_000_000, onStep?: (done: number) => void, shape: CareerShape = DEFAULT_SHAPE,
): Record<string, number> {
  const pilot = Math.min(users, pilotUsers);
  const scale = users / pilot;
  const cov = new Map<string, number>();
  const missing = new Map<string, number>();
  const d = yearEnd(GRID_YEAR);
  for (let i = 0; i < pilot; i++) {
    const p = generatePerson(seed, i, true, shape);
    if (onStep && i % 10000 === 0) onStep(i);
    if (!p.isAi) continue;
    let prim: (typeof p.positions)[number] | undefined;
    for (const x of p.positions) {
      if (x.junk || x.start > d || (x.end !== null && x.end < d)) continue;
      if (!prim || x.start > prim.start || (x.start === prim.start && x.pid > prim.pid)) prim = x;
    }
    if (!prim) continue;
    const key = paramKey(prim.country);
    if (prim.weightMissing) missing.set(key, (missing.get(key) ?? 0) + 1);
    else cov.set(key, (cov.get(key) ?? 0) + prim.coverage * p.design);
  }
  const factors: Record<string, number> = {};
  for (const c of COUNTRY_CODES) {
    const key = paramKey(c);
    const target = P.COUNTRIES[key]!.aiTarget2024;
    const s = (cov.get(key) ?? 0) * scale;
    const m = (missing.get(key) ?? 0) * scale;
    factors[c] = s > 0 ? Math.max(1, (target - m) / s) : 1;
  }
  return factors;
}

/** Users of the world's own sequence on which `tenureFor` measures positions per person. */
const SHAPE_PILOT = 20_000;

/** Mean positions per person (rows of individual_positions) among the first `n` users. */
export function meanPositions(seed: number, shape: CareerShape, n = SHAPE_PILOT): number {
  let rows = 0;
  for (let i = 0; i < n; i++) rows += generatePerson(seed, i, true, shape).positions.length;
  return rows / n;
}

/**
 * The spell-length multiplier that gives `positionsPerUser` positions per person on
 * average: bisection (on a log scale) over the world's own first users, so it is a
 * function of the seed and the target only.
 * @throws SynthOptionsError when the target is outside what careers can hold (1.2 to 40).
 */
export function tenureFor(seed: number, positionsPerUser: number): number {
  if (!(positionsPerUser >= 1.2 && positionsPerUser <= 40))
    throw new SynthOptionsError(`--positions-per-user must be between 1.2 and 40, got ${positionsPerUser}`);
  let lo = Math.log(0.02);
  let hi = Math.log(20);
  for (let k = 0; k < 30; k++) {
    const mid = (lo + hi) / 2;
    // Longer spells, fewer positions.
    if (meanPositions(seed, { tenureScale: Math.exp(mid) }) > positionsPerUser) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-3) break;
  }
  return Math.exp((lo + hi) / 2);
}

/** The generating parameters, as recorded in truth.json. */
export function parameterRecord(): Record<string, unknown> {
  return {
    countries: P.COUNTRIES, row_members: P.ROW_MEMBERS, country_spellings: P.COUNTRY_SPELLINGS, ai_skills: P.AI_SKILLS,
    skill_shares: P.SKILL_SHARES, kr_skill_premium_pct: P.KR_SKILL_PREMIUM_PCT, ai_spellings: P.AI_SPELLINGS,
    ko_spelling_share: P.KO_SPELLING_SHARE, trap_skills: P.TRAP_SKILLS, other_skills: P.OTHER_SKILLS, roles: P.ROLES,
    industries: P.INDUSTRIES, ai_info_services: P.AI_INFO_SERVICES, degrees: P.DEGREES, fields: P.FIELDS, wage: P.WAGE,
    mess: P.MESS, calendar: P.CALENDAR, firms_per_industry: P.FIRMS_PER_INDUSTRY,
  };
}

/** Generate a world into `outDir` (created; existing files of the same names are replaced). */
export async function generateWorld(opts: GenerateOptions): Promise<{ files: string[]; truthPath: string }> {
  const { outDir, users, seed } = opts;
  const format = opts.format ?? 'csv';
  if (!Number.isInteger(users) || users < 1) throw new SynthOptionsError(`--users must be a positive integer, got ${users}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new SynthOptionsError(`--seed must be an integer in 0..4294967295, got ${seed}`);
  if (format !== 'csv' && format !== 'parquet') throw new SynthOptionsError(`--format must be csv or parquet, got ${String(format)}`);
  mkdirSync(outDir, { recursive: true });

  // Blocks of BLOCK_USERS users, rendered in worker threads (a few blocks ahead, to bound
  // memory) and written and merged strictly in block order. The workers are started
  // first, so that their start-up (loading the TypeScript modules) overlaps pass 1.
  const threads = opts.threads ?? (users < 20_000 ? 1 : Math.min(4, availableParallelism()));
  const pool = threads > 1 ? new BlockPool(threads) : undefined;
  const sinks = {} as Record<(typeof TABLES)[number], CsvSink>;
  let factors: Record<string, number>;
  let companies = 0;
  const truth = new TruthAccumulator(P.CALENDAR.firstYear, P.CALENDAR.lastYear);
  const tenureScale = opts.positionsPerUser === undefined ? 1 : tenureFor(seed, opts.positionsPerUser);
  try {
    factors = countryFactors(seed, users, opts.pilotUsers, (i) => opts.onProgress?.(i, users, 'weights'), { tenureScale });
    opts.onProgress?.(users, users, 'weights');
    for (const t of TABLES) sinks[t] = new CsvSink(join(outDir, `${t}.csv`), COLUMNS[t]);
    const years: [number, number] = [P.CALENDAR.firstYear, P.CALENDAR.lastYear];
    const nBlocks = Math.ceil(users / BLOCK_USERS);
    const ahead = new Map<number, Promise<BlockOut>>();
    const job = (b: number): BlockJob => ({ seed, lo: b * BLOCK_USERS, hi: Math.min(users, (b + 1) * BLOCK_USERS), factors, years, tenureScale });
    let submitted = 0;
    for (let b = 0; b < nBlocks; b++) {
      while (pool && submitted < nBlocks && submitted < b + 2 * threads) {
        const p = pool.run(job(submitted));
        p.catch(() => undefined); // a failure surfaces when its block is awaited
        ahead.set(submitted, p);
        submitted++;
      }
      // The firms (a table of their own) are written while the first blocks are rendered.
      if (b === 0) {
        for (const r of companyRows()) {
          sinks.company_mapping.write(r);
          companies++;
        }
      }
      const out = pool ? await ahead.get(b)! : renderBlock(job(b));
      ahead.delete(b);
      sinks.individual_positions.writeBytes(out.positions);
      sinks.individual_user.writeBytes(out.users);
      sinks.individual_user_education.writeBytes(out.education);
      sinks.individual_user_skills.writeBytes(out.skills);
      truth.merge(out.truth);
      for (const s of Object.values(sinks)) await s.flush();
      opts.onProgress?.(Math.min(users, (b + 1) * BLOCK_USERS), users, 'rows');
    }
  } finally {
    await pool?.close();
  }
  for (const s of Object.values(sinks)) await s.close();

  const t: Truth = truth.finish({
    generator: {
      seed, users, format, years: [P.CALENDAR.firstYear, P.CALENDAR.lastYear],
      ...(opts.positionsPerUser === undefined ? {} : { positions_per_user: opts.positionsPerUser, tenure_scale: tenureScale }),
    },
    parameters: parameterRecord(),
    weights: {
      country_factor: factors,
      role_coverage: Object.fromEntries(P.ROLES.map((r) => [r.name, r.coverage])),
      resolution: WEIGHT_RESOLUTION,
    },
    companyRows: companies,
  });
  const truthPath = join(outDir, 'truth.json');
  writeFileSync(truthPath, JSON.stringify(t) + '\n');

  let files = TABLES.map((tb) => join(outDir, `${tb}.csv`));
  if (format === 'parquet') {
    opts.onProgress?.(0, TABLES.length, 'parquet');
    files = await toParquet(outDir);
    opts.onProgress?.(TABLES.length, TABLES.length, 'parquet');
  }
  return { files, truthPath };
}

const DATE_COLUMNS = new Set(['startdate', 'enddate', 'first_reported']);
const INT_COLUMNS: Record<string, string> = {
  user_id: 'BIGINT', position_id: 'BIGINT', position_number: 'INTEGER', rcid: 'BIGINT', seniority: 'INTEGER',
  education_number: 'INTEGER', salary: 'DOUBLE', weight: 'DOUBLE', ultimate_parent_rcid: 'BIGINT',
};

/** Convert the CSV tables to Parquet (one thread, insertion order kept: byte-identical output). */
async function toParquet(dir: string): Promise<string[]> {
  const db = await Db.open(':memory:', { threads: 1 });
  const out: string[] = [];
  try {
    await db.run('SET preserve_insertion_order = true');
    for (const t of TABLES) {
      const cols = COLUMNS[t].map((c) => {
        const v = sql`NULLIF(${ident(c)}, '')`;
        if (DATE_COLUMNS.has(c)) return sql`CAST(CASE WHEN length(${v}) = 7 THEN ${v} || '-01' ELSE ${v} END AS DATE) AS ${ident(c)}`;
        const ty = INT_COLUMNS[c];
        if (ty) return sql`CAST(${v} AS ${raw(ty)}) AS ${ident(c)}`;
        return sql`${v} AS ${ident(c)}`;
      });
      const src = join(dir, `${t}.csv`);
      const dst = join(dir, `${t}.parquet`);
      await db.run(fill(sqlFile(import.meta.url, 'to-parquet.sql'), { columns: sqlJoin(cols), src: sql`${src}`, dst: sql`${dst}` }));
      rmSync(src);
      out.push(dst);
    }
  } finally {
    db.close();
  }
  return out;
}

/** Options of `ensureWorld`. */
export interface EnsureOptions {
  users?: number;
  seed?: number;
  format?: WorldFormat;
  cacheDir?: string;
  onProgress?: GenerateOptions['onProgress'];
  /** Mean positions per person (see `GenerateOptions.positionsPerUser`). */
  positionsPerUser?: number;
}

const MARKER = '.complete';

/** The tool version and a hash of the generating parameters (ensureWorld's cache key). */
function generatorFingerprint(): string {
  return `${VERSION}:${createHash('sha256').update(JSON.stringify(parameterRecord())).digest('hex').slice(0, 16)}`;
}

/**
 * The folder of a cached world (`<cacheDir>/<seed>-<users>[-parquet]/`), generating it
 * first when it is absent or incomplete. Generation goes to a temporary folder that is
 * renamed into place, so an interrupted run never leaves a half world behind.
 */
export async function ensureWorld(opts: EnsureOptions = {}): Promise<string> {
  const users = opts.users ?? DEFAULT_WORLD.users;
  const seed = opts.seed ?? DEFAULT_WORLD.seed;
  const format = opts.format ?? 'csv';
  const ppu = opts.positionsPerUser;
  const dir = resolve(opts.cacheDir ?? '.cache/worlds', `${seed}-${users}${ppu === undefined ? '' : `-ppu${ppu}`}${format === 'parquet' ? '-parquet' : ''}`);
  // The marker names the generator that wrote the world: a cached world from another
  // version or other parameters is regenerated rather than silently reused.
  const marker = JSON.stringify({ seed, users, format, ...(ppu === undefined ? {} : { positionsPerUser: ppu }), generator: generatorFingerprint() }) + '\n';
  if (existsSync(join(dir, MARKER)) && readFileSync(join(dir, MARKER), 'utf8') === marker) return dir;
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await generateWorld({ outDir: tmp, users, seed, format, onProgress: opts.onProgress, ...(ppu === undefined ? {} : { positionsPerUser: ppu }) });
    writeFileSync(join(tmp, MARKER), marker);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return dir;
}
