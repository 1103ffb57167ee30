/**
 * The stage graph: every stage declares the database tables and output tables it needs
 * and produces and the study parameters its result depends on; one runner validates the
 * declarations at start-up, orders the stages, runs each at most once per run and checks
 * after each one that it made exactly what it declared. The database tables a stage
 * builds are recorded (per database) with the years and options they were built for, so
 * that a later run asking for them under other years or options fails instead of
 * silently reusing them.
 */
import type { Db } from '../db/index.ts';
import { isView, studyRelations } from '../db/catalog.ts';
import { ident, sql } from '../db/index.ts';
import { MissingTableError, TalentflowError } from '../errors.ts';
import type { OutputTable } from '../contract/index.ts';
import type { StageInputs, StudyContext } from './context.ts';
import type { StudyOptions } from './options.ts';

/** Tables a stage reads or writes: database tables and output tables (`OutputTable.name`). */
export interface StageTables {
  tables?: readonly string[];
  outputs?: readonly string[];
}

/** One step of the pipeline after ingest. */
export interface Stage {
  name: string;
  /** Database tables (of the sources or of other stages) and output tables of other stages it reads. */
  needs: StageTables;
  /** Database tables (or views) it creates, and the output tables it returns (exactly those). */
  produces: StageTables;
  /** The study options its result depends on. */
  options: readonly (keyof StudyOptions)[];
  /** Whether its result depends on the study years (`ctx.years`). */
  years: boolean;
  /** Whether a full run includes it (default: always); a stage asked for by name always runs. */
  enabled?: (options: StudyOptions) => boolean;
  run(ctx: StudyContext, inputs: StageInputs): Promise<OutputTable[]>;
}

/** A stage declaration is inconsistent (a bug in the stage list or in a stage). */
export class StageGraphError extends Error {}

/**
 * A database table was built by an earlier run for other years or options (or was given
 * rather than built): reusing it would mix two studies.
 */
export class StaleTableError extends TalentflowError {}

/** What a stage's database tables were built for. */
interface Built {
  stage: string;
  /** `given` for tables supplied by the caller rather than built by a stage. */
  key: string;
}

const GIVEN = 'given';

/** Per database: the tables the graph built (or was given), with what they were built for. */
const REGISTRY = new WeakMap<Db, Map<string, Built>>();

function registry(db: Db): Map<string, Built> {
  let r = REGISTRY.get(db);
  if (!r) REGISTRY.set(db, (r = new Map()));
  return r;
}

/** Options of one run of the graph. */
export interface GraphRunOptions {
  /** Stages to run, with everything they need (default: every enabled stage). */
  targets?: readonly string[];
  /**
   * Database tables already in the database that stand in for a stage's products (test
   * fixtures): the stage producing them is skipped. They must cover all its tables.
   */
  given?: readonly string[];
  /** Called before each stage that runs: its name, its 0-based index and the number of stages. */
  onStage?: (name: string, index: number, total: number) => void;
  /**
   * Drop each database table and view as soon as no stage left in the plan needs it
   * (a view keeps what its stage read and made), except these: what the caller reads after
   * the graph (a run: `rejects`). Default: keep everything (a database reused by later runs).
   */
  release?: { keep: readonly string[] };
}

/** What one run of the graph produced. */
export interface GraphRunResult {
  /** Output tables by name, in stage order. */
  outputs: Map<string, OutputTable>;
  /** Seconds per stage that ran, in run order. */
  timings: Record<string, number>;
  /** Names of the stages that ran, in order. */
  ran: string[];
}

/** A validated set of stages over the given source tables (those ingest writes). */
export class StageGraph {
  /** The stages in run order: topological, and in the listed order wherever the needs leave it free. */
  readonly order: readonly Stage[];
  private readonly byName = new Map<string, Stage>();
  private readonly tableProducer = new Map<string, Stage>();
  private readonly outputProducer = new Map<string, Stage>();

  /** Validate the declarations; throws `StageGraphError` on a duplicate, a need nobody produces, or a cycle. */
  constructor(
    stages: readonly Stage[],
    readonly sources: readonly string[],
  ) {
    const sourceSet = new Set(sources);
    for (const s of stages) {
      if (this.byName.has(s.name)) throw new StageGraphError(`stage "${s.name}" is listed twice`);
      this.byName.set(s.name, s);
      for (const t of s.produces.tables ?? []) {
        if (sourceSet.has(t)) throw new StageGraphError(`table "${t}" is a source table but stage "${s.name}" also produces it`);
        const other = this.tableProducer.get(t);
        if (other) throw new StageGraphError(`table "${t}" is produced by both "${other.name}" and "${s.name}"`);
        this.tableProducer.set(t, s);
      }
      for (const o of s.produces.outputs ?? []) {
        const other = this.outputProducer.get(o);
        if (other) throw new StageGraphError(`output table "${o}" is produced by both "${other.name}" and "${s.name}"`);
        this.outputProducer.set(o, s);
      }
    }
    for (const s of stages) {
      for (const t of s.needs.tables ?? [])
        if (!sourceSet.has(t) && !this.tableProducer.has(t))
          throw new StageGraphError(`stage "${s.name}" needs table "${t}", which no stage produces and is not a source table`);
      for (const o of s.needs.outputs ?? [])
        if (!this.outputProducer.has(o))
          throw new StageGraphError(`stage "${s.name}" needs output table "${o}", which no stage produces`);
    }
    this.order = this.topological(stages);
  }

  /** The stages `s` directly depends on. */
  private upstream(s: Stage): Stage[] {
    const out = new Set<Stage>();
    for (const t of s.needs.tables ?? []) {
      const p = this.tableProducer.get(t);
      if (p) out.add(p);
    }
    for (const o of s.needs.outputs ?? []) out.add(this.outputProducer.get(o)!);
    return [...out];
  }

  /** Kahn's algorithm, always taking the first ready stage in listed order (stable). */
  private topological(stages: readonly Stage[]): Stage[] {
    const ups = new Map(stages.map((s) => [s, new Set(this.upstream(s))]));
    for (const [s, u] of ups) if (u.has(s)) throw new StageGraphError(`stage "${s.name}" needs what it produces itself`);
    const done = new Set<Stage>();
    const order: Stage[] = [];
    while (order.length < stages.length) {
      const next = stages.find((s) => !done.has(s) && [...ups.get(s)!].every((u) => done.has(u)));
      if (!next) {
        const left = stages.filter((s) => !done.has(s)).map((s) => s.name);
        throw new StageGraphError(`the stages ${left.join(', ')} depend on each other in a cycle`);
      }
      done.add(next);
      order.push(next);
    }
    return order;
  }

  /** The stage called `name`; an unknown name is a bug. */
  stage(name: string): Stage {
    const s = this.byName.get(name);
    if (!s) throw new StageGraphError(`unknown stage "${name}"; stages: ${[...this.byName.keys()].join(', ')}`);
    return s;
  }

  /** The stages a run of `targets` runs (the targets and everything they need), in run order. */
  plan(targets: readonly string[]): Stage[] {
    const want = new Set<Stage>();
    const visit = (s: Stage): void => {
      if (want.has(s)) return;
      want.add(s);
      for (const u of this.upstream(s)) visit(u);
    };
    for (const t of targets) visit(this.stage(t));
    return this.order.filter((s) => want.has(s));
  }

  /** The stages a full run includes: every enabled one. */
  defaultTargets(options: StudyOptions): string[] {
    return this.order.filter((s) => s.enabled?.(options) ?? true).map((s) => s.name);
  }

  /** The stages that produce what `name` needs (not `name` itself), e.g. to test a measure alone. */
  needsOf(name: string): string[] {
    return this.upstream(this.stage(name)).map((s) => s.name);
  }

  /**
   * Run `targets` (default: every enabled stage) and what they need, each stage once, in
   * order. Before the first stage the source tables the plan reads must exist; after each
   * stage its declared tables must exist, no other new (non-temporary, non-`tf_`) table
   * or view may, and it must have returned exactly its declared output tables.
   */
  async run(ctx: StudyContext, opts: GraphRunOptions = {}): Promise<GraphRunResult> {
    const targets = opts.targets ?? this.defaultTargets(ctx.options);
    const given = new Set(opts.given ?? []);
    for (const t of given)
      if (!this.tableProducer.has(t)) throw new StageGraphError(`given table "${t}" is not a table any stage produces`);
    const plan = this.plan(targets);
    const reg = registry(ctx.db);

    for (const s of plan)
      for (const t of s.needs.tables ?? [])
        if (this.sources.includes(t) && !(await ctx.db.hasTable(t)))
          throw new MissingTableError(`table "${t}" is missing: run the ingest stage before "${s.name}"`);

    // Decide up front which stages are given, already built or stale, so that nothing runs when the plan cannot.
    const skip = new Map<Stage, 'given' | 'built'>();
    for (const s of plan) {
      const tables = s.produces.tables ?? [];
      const givenHere = tables.filter((t) => given.has(t));
      if (givenHere.length) {
        if (givenHere.length !== tables.length)
          throw new StageGraphError(`given tables ${givenHere.join(', ')} cover only part of stage "${s.name}" (${tables.join(', ')})`);
        for (const t of tables) {
          if (!(await ctx.db.hasTable(t))) throw new MissingTableError(`given table "${t}" is not in the database`);
          const prev = reg.get(t);
          if (prev && prev.key !== GIVEN) throw new StaleTableError(`table "${t}" was built by stage "${prev.stage}" and cannot be given`);
        }
        skip.set(s, 'given');
        continue;
      }
      const key = builtFor(s, ctx);
      let built = tables.length > 0;
      for (const t of tables) {
        const prev = reg.get(t);
        if (prev === undefined) {
          built = false;
          if (await ctx.db.hasTable(t))
            throw new StaleTableError(
              `table "${t}" is already in the database but was not built by this study's stages: pass it as given or use a fresh database`,
            );
        } else if (prev.key !== key)
          throw new StaleTableError(
            `table "${t}" was built for ${describe(prev.key)}, but this run needs it for ${describe(key)}: use a fresh database for another study`,
          );
        else if (!(await ctx.db.hasTable(t))) built = false; // dropped since: build again
      }
      // Tables are kept in the database, output tables are not: a stage with outputs runs again.
      if (built && !(s.produces.outputs ?? []).length) skip.set(s, 'built');
    }

    const outputs = new Map<string, OutputTable>();
    const timings: Record<string, number> = {};
    const ran: string[] = [];
    const total = plan.length - skip.size;
    for (const s of plan) {
      const why = skip.get(s);
      if (why) {
        for (const t of s.produces.tables ?? []) if (why === 'given') reg.set(t, { stage: s.name, key: GIVEN });
        ctx.log?.(`${s.name}: ${why === 'given' ? 'tables given' : 'tables already built for this study'}`);
        continue;
      }
      opts.onStage?.(s.name, ran.length, total);
      const before = await relations(ctx.db);
      const t0 = performance.now();
      let produced: OutputTable[];
      try {
        produced = await s.run(ctx, stageInputs(s, outputs));
      } finally {
        timings[s.name] = Math.round(performance.now() - t0) / 1000;
      }
      ran.push(s.name);
      await this.check(s, ctx.db, before, produced);
      for (const t of s.produces.tables ?? []) reg.set(t, { stage: s.name, key: builtFor(s, ctx) });
      for (const o of produced) outputs.set(o.name, o);
      if (opts.release) await this.release(ctx.db, plan, plan.slice(plan.indexOf(s) + 1), opts.release.keep);
    }
    return { outputs, timings, ran };
  }

  /**
   * Drop the source and stage tables of `plan` that no stage of `rest` needs, views first.
   * A view needed later keeps alive every table its stage needed and produced (it reads them).
   */
  private async release(db: Db, plan: readonly Stage[], rest: readonly Stage[], keep: readonly string[]): Promise<void> {
    // what each relation is, asked of the catalog once per name
    const kinds = new Map<string, 'view' | 'table' | undefined>();
    const kind = async (t: string) => {
      if (!kinds.has(t)) kinds.set(t, (await db.hasTable(t)) ? ((await isView(db, t)) ? 'view' : 'table') : undefined);
      return kinds.get(t);
    };
    const alive = new Set(keep);
    for (const s of rest)
      for (const t of s.needs.tables ?? []) {
        alive.add(t);
        const p = this.tableProducer.get(t);
        if (p && (await kind(t)) === 'view') for (const u of [...(p.needs.tables ?? []), ...(p.produces.tables ?? [])]) alive.add(u);
      }
    const candidates = [...new Set([...this.sources, ...plan.flatMap((s) => s.produces.tables ?? [])])].filter((t) => !alive.has(t));
    const views: string[] = [];
    const tables: string[] = [];
    for (const t of candidates) {
      const k = await kind(t);
      if (k) (k === 'view' ? views : tables).push(t);
    }
    for (const v of views) await db.run(sql`DROP VIEW IF EXISTS ${ident(v)}`);
    for (const t of tables) await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
  }

  /** After stage `s`: its declared tables exist, it made no undeclared ones, it returned exactly its declared outputs. */
  private async check(s: Stage, db: Db, before: Set<string>, produced: OutputTable[]): Promise<void> {
    const declared = new Set(s.produces.tables ?? []);
    const after = await relations(db);
    for (const t of declared)
      if (!after.has(t)) throw new StageGraphError(`stage "${s.name}" declares table "${t}" but did not create it`);
    const extra = [...after].filter((t) => !before.has(t) && !declared.has(t));
    if (extra.length) throw new StageGraphError(`stage "${s.name}" created undeclared tables: ${extra.join(', ')}`);
    const names = produced.map((o) => o.name).sort();
    const want = [...(s.produces.outputs ?? [])].sort();
    if (names.join('\0') !== want.join('\0'))
      throw new StageGraphError(`stage "${s.name}" returned output tables [${names.join(', ')}], declared [${want.join(', ')}]`);
  }
}

/** The key of what a stage's tables depend on: the years (when it uses them) and its options. */
function builtFor(s: Stage, ctx: StudyContext): string {
  const options = Object.fromEntries(s.options.map((k) => [k, ctx.options[k] ?? null]));
  return JSON.stringify({ ...(s.years ? { years: ctx.years } : {}), options });
}

function describe(key: string): string {
  if (key === GIVEN) return 'a given table';
  const k = JSON.parse(key) as { years?: number[]; options: Record<string, unknown> };
  const parts: string[] = [];
  if (k.years) parts.push(k.years.length ? `years ${k.years[0]}–${k.years.at(-1)} (${k.years.length})` : 'no years');
  for (const [o, v] of Object.entries(k.options)) parts.push(`${o} = ${JSON.stringify(v)}`);
  return parts.join(', ') || 'no options';
}

/** The study's tables and views (`studyRelations`), without the `tf_*` working tables. */
async function relations(db: Db): Promise<Set<string>> {
  return new Set((await studyRelations(db)).filter((n) => !n.startsWith('tf_')));
}

/** The output tables `s` declared it needs, and nothing else. */
function stageInputs(s: Stage, outputs: Map<string, OutputTable>): StageInputs {
  const declared = new Set(s.needs.outputs ?? []);
  return {
    output(name: string): OutputTable {
      if (!declared.has(name)) throw new StageGraphError(`stage "${s.name}" reads output table "${name}" without declaring it`);
      const t = outputs.get(name);
      if (!t) throw new StageGraphError(`output table "${name}" was not produced before stage "${s.name}"`);
      return t;
    },
  };
}
