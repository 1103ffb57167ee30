/**
 * `feols(spec)` → a frozen {@link Model} → `fit` / `fitBy` → {@link FitResult}s.
 */
import type { EngineConnection } from './connection.ts';
import { EmptySampleError, SpecError, UnsupportedVarianceError, type EngineError } from './errors.ts';
import { DECOMPOSITION_TOTALS, fitGroups, type DecompositionPlan, type Plan } from './fit.ts';
import type { FitResult } from './result.ts';
import { Session } from './session.ts';
import { clusterColumns, vcovName, type GroupKey, type ModelSpec, type Source, type VcovType } from './spec.ts';
import { id, q, type Node } from './sql.ts';
import { allGroups, allTerms, ownRows, type Decomposition, type Encoded, type FitOptions } from './strategy.ts';

/** The results of a split fit by typed group key, in key order; a group that could not be estimated maps to its named error. */
export class GroupResults implements Iterable<[GroupKey, FitResult | EngineError]> {
  private readonly byKey = new Map<string, [GroupKey, FitResult | EngineError]>();
  constructor(entries: Iterable<{ key: GroupKey; out: FitResult | EngineError }>) {
    for (const e of entries) this.byKey.set(JSON.stringify(e.key), [e.key, e.out]);
  }
  /** The result of a group (its `by` values in order), or undefined when the split has no such group. */
  get(key: GroupKey): FitResult | EngineError | undefined {
    return this.byKey.get(JSON.stringify(key))?.[1];
  }
  has(key: GroupKey): boolean {
    return this.byKey.has(JSON.stringify(key));
  }
  get size(): number {
    return this.byKey.size;
  }
  keys(): GroupKey[] {
    return [...this.byKey.values()].map(([k]) => k);
  }
  values(): (FitResult | EngineError)[] {
    return [...this.byKey.values()].map(([, v]) => v);
  }
  [Symbol.iterator](): Iterator<[GroupKey, FitResult | EngineError]> {
    return this.byKey.values();
  }
}

/** A validated, frozen model: fit it on a source, whole or split. */
export class Model {
  readonly spec: ModelSpec;
  private readonly base: Omit<Plan, 'report'>;

  constructor(spec: ModelSpec) {
    if (spec.x.length === 0) throw new SpecError('a regression needs at least one x column');
    const fe = spec.fe ?? [];
    const vcov = spec.vcov ?? 'iid';
    const ssc = spec.ssc ?? 'stata';
    const vcovs = unique([vcov, ...(spec.keep?.vcov ?? [])]);
    const sscs = [...new Set([ssc, ...(spec.keep?.ssc ?? [])])];
    if (fe.length && vcovs.includes('HC3'))
      throw new UnsupportedVarianceError('HC3 needs the leverage of every row, which the engine computes for models without fixed effects only: use HC1 or a cluster');
    for (const v of vcovs) if (typeof v !== 'string' && clusterColumns(v).length === 0) throw new SpecError('a clustered variance needs one or two cluster columns');
    this.spec = Object.freeze({ ...spec });
    this.base = Object.freeze({ y: spec.y, x: [...spec.x], fe: [...fe], weights: spec.weights, vcov, ssc, vcovs, sscs });
    Object.freeze(this);
  }

  /** Fit on the whole source. Throws the named error when the regression cannot be estimated. */
  async fit(conn: EngineConnection, source: Source, options: Pick<FitOptions, 'terms' | 'decompose' | 'profile' | 'scoreBatchRows' | 'encoded'> = {}): Promise<FitResult> {
    const [only] = await this.run(conn, source, [], options);
    if (!only) throw new EmptySampleError(`the regression sample of ${this.spec.y} is empty: the source has no rows`);
    if (only.out instanceof Error) throw only.out;
    return only.out;
  }

  /**
   * Fit one regression per distinct combination of the `by` columns (pyfixest's `split=`)
   * in one pass of aggregate queries, with the strategies of `options`.
   */
  async fitBy(conn: EngineConnection, source: Source, by: readonly string[], options: FitOptions = {}): Promise<GroupResults> {
    if (by.length === 0) throw new SpecError('fitBy needs at least one `by` column');
    if (options.rows?.kind === 'shared' && by.length < 2)
      throw new SpecError('sharedRows() needs at least two `by` columns (the last one holds NULL for shared rows)');
    return new GroupResults(await this.run(conn, source, by, options));
  }

  /** @internal The checked plan and encoded columns of a fit with these options (`fit`, `fitBy`, `fitFamilies`). */
  planOf(options: Pick<FitOptions, 'terms' | 'decompose' | 'encoded'>): { plan: Plan; encoded: Encoded } {
    const terms = options.terms ?? allTerms;
    if (terms.kind === 'only' && (terms.terms.length === 0 || terms.terms.some((c) => !this.base.x.includes(c))))
      throw new SpecError('reportTerms() must name one or more of the x columns');
    const plan: Plan = {
      ...this.base,
      report: terms.kind === 'only' ? terms.terms : undefined,
      ...(options.decompose ? { decompose: checkDecomposition(this.base, options.decompose, terms.kind === 'only' ? terms.terms : undefined) } : {}),
    };
    return { plan, encoded: checkEncoded(this.base, options.encoded) };
  }

  private run(conn: EngineConnection, source: Source, by: readonly string[], options: FitOptions) {
    const { plan, encoded } = this.planOf(options);
    return fitGroups(new Session(conn, options.profile), sourceNode(source), plan, by, {
      rows: options.rows ?? ownRows,
      groups: options.groups ?? allGroups,
      scoreBatchRows: options.scoreBatchRows ?? conn.dialect.scoreBatchRows ?? Infinity,
      encoded,
    });
  }
}

/** The source as a relation node. */
export function sourceNode(source: Source): Node {
  return 'table' in source ? id(source.table) : q`(${source.query})`;
}

/** Check a decomposition against the model: a reported x, groups covering every other x and effect once. */
function checkDecomposition(base: Omit<Plan, 'report'>, d: Decomposition, report: readonly string[] | undefined): DecompositionPlan {
  const xi = base.x.indexOf(d.x);
  if (xi < 0) throw new SpecError(`decompose(): "${d.x}" is not an x of the model`);
  if (report && !report.includes(d.x)) throw new SpecError(`decompose(): "${d.x}" must be a reported term (reportTerms)`);
  const names = Object.keys(d.groups);
  const seen = new Map<string, string>();
  const groups = names.map((name) => {
    if (DECOMPOSITION_TOTALS.includes(name)) throw new SpecError(`decompose(): "${name}" is a reserved component name; rename the group`);
    const x: number[] = [];
    const fe: number[] = [];
    for (const col of d.groups[name]!) {
      const prev = seen.get(col);
      if (prev !== undefined) throw new SpecError(`decompose(): "${col}" is in groups "${prev}" and "${name}": put it in one group`);
      seen.set(col, name);
      if (col !== d.x && base.x.includes(col)) x.push(base.x.indexOf(col));
      else if (base.fe.includes(col)) fe.push(base.fe.indexOf(col));
      else throw new SpecError(`decompose(): group "${name}" names "${col}", which is neither a control x nor a fixed effect of the model`);
    }
    return { x, fe };
  });
  const missing = [...base.x.filter((c) => c !== d.x), ...base.fe].filter((c) => !seen.has(c));
  if (missing.length) throw new SpecError(`decompose(): ${missing.map((c) => `"${c}"`).join(', ')} in no group: every control x and fixed effect needs one, so the parts add up`);
  return { x: d.x, xi, names: [...names, 'explained', 'total'], groups };
}

/** Check pre-encoded columns against the model: effects and cluster columns of the spec, labels given. */
function checkEncoded(base: Omit<Plan, 'report'>, e: Encoded | undefined): Encoded {
  if (!e) return {};
  const cl = new Set(base.vcovs.flatMap((v) => clusterColumns(v)));
  for (const [f, lv] of Object.entries(e.fe ?? {})) {
    if (!base.fe.includes(f)) throw new SpecError(`encoded: "${f}" is not a fixed effect of the model`);
    if (lv.labels.length === 0) throw new SpecError(`encoded: the levels of "${f}" need at least one label`);
  }
  for (const c of e.clusters ?? []) if (!cl.has(c)) throw new SpecError(`encoded: "${c}" is not a cluster column of the model`);
  return e;
}

function unique(vs: readonly VcovType[]): VcovType[] {
  const seen = new Map<string, VcovType>();
  for (const v of vs) if (!seen.has(vcovName(v))) seen.set(vcovName(v), v);
  return [...seen.values()];
}

/** A fixed-effects OLS model (pyfixest's `feols`, without a formula). */
export function feols(spec: ModelSpec): Model {
  return new Model(spec);
}
