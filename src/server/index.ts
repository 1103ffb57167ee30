/**
 * The dashboard over a finished run (`talentflow serve`): a page with country, year and
 * language selectors, the report's charts rendered live with vega (shipped from
 * node_modules, nothing from the network), the scenario as a slider, and a read-only JSON
 * API over the indicator tables. Aggregates only, disclosure control re-applied, security
 * headers from @fastify/helmet with a strict CSP. Each response is computed once per URL
 * and then served from a bounded cache with its ETag and gzip form (`cache.ts`); URLs over
 * `MAX_URL` characters and requests with a body are refused.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import type { OutputTable } from '../output/table.ts';
import { readOutputFolder } from '../report/read.ts';
import { ReportData } from '../report/data.ts';
import { CHART_IDS, chartSpec, defaultScenario, linkModel, type ChartContext, type ChartId } from '../report/charts.ts';
import { countryName, type Lang } from '../report/i18n.ts';
import { ChartQuery, ScenarioQuery, TableQuery, issues } from './schemas.ts';
import { SERVED_TABLES, enforceSuppression, filterRows } from './tables.ts';
import { dashboardPage } from './page.ts';
import { ResponseCache, prepare, prepareJson, sendPrepared, type Prepared } from './cache.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Find an installed package's folder (its `exports` hide `package.json` and the browser builds). */
function packageDir(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === name) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot locate the ${name} package folder`);
    dir = up;
  }
}

const STATIC: Record<string, { file: () => string; type: string }> = {
  'vega.min.js': { file: () => join(packageDir('vega'), 'build', 'vega.min.js'), type: 'text/javascript; charset=utf-8' },
  'vega-lite.min.js': { file: () => join(packageDir('vega-lite'), 'build', 'vega-lite.min.js'), type: 'text/javascript; charset=utf-8' },
  'app.js': { file: () => join(here, 'public', 'app.js'), type: 'text/javascript; charset=utf-8' },
  'app.css': { file: () => join(here, 'public', 'app.css'), type: 'text/css; charset=utf-8' },
};

/** Options of createServer. */
export interface ServerOptions {
  /** A finished run's output folder (CSV tables + manifest.json). */
  outDir: string;
  /** Fastify logging; off by default. */
  logger?: boolean;
  /** Byte budget of the cache of prepared responses (default 64 MiB). */
  cacheBytes?: number;
}

/** The longest request URL served (longer: 414). */
export const MAX_URL = 2048;
/** Default byte budget of the response cache. */
const DEFAULT_CACHE_BYTES = 64 * 2 ** 20;

/** Build the fastify app (not listening yet). */
export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { tables: raw, manifest } = await readOutputFolder(opts.outDir);
  const o = (manifest.options ?? {}) as Record<string, unknown>;
  const minCell = typeof o.minCell === 'number' ? o.minCell : 10;
  const minAiN = typeof o.minAiN === 'number' ? o.minAiN : 100;
  const focus = typeof o.focus === 'string' ? o.focus : 'KR';
  const tables = new Map<string, OutputTable>();
  for (const name of SERVED_TABLES) {
    const t = raw.get(name);
    if (t) tables.set(name, enforceSuppression(t, minCell));
  }
  const data = new ReportData(tables, focus);
  const latest = data.latestYear() ?? new Date().getUTCFullYear();
  const years = data.years('headcount').length ? data.years('headcount') : data.years('premium');
  const countries = data.countries();

  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        // vega compiles its expressions with Function(): 'unsafe-eval' is needed until
        // the CSP-safe vega-interpreter is available. No inline script.
        scriptSrc: ["'self'", "'unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: true,
    strictTransportSecurity: false,
  });

  // Requests this dashboard never needs are refused before routing: a URL longer than
  // MAX_URL (414), any request body (413; the API is read-only, GET only).
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.length > MAX_URL) return reply.code(414).send({ error: `URL longer than ${MAX_URL} characters` });
    const len = req.headers['content-length'];
    if ((len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined)
      return reply.code(413).send({ error: 'request bodies are not accepted: the API is read-only (GET)' });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no route ${req.method} ${req.url.slice(0, 200)}` }));

  // Every GET response is computed once per URL and kept, serialised and gzipped, in a
  // cache bounded by bytes; a repeated request is a map lookup.
  const cache = new ResponseCache(opts.cacheBytes ?? DEFAULT_CACHE_BYTES);
  const cached =
    (make: (req: FastifyRequest) => Prepared) =>
    async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      let p = cache.get(req.url);
      if (!p) {
        p = make(req);
        if (p.status === 200) cache.set(req.url, p);
      }
      return sendPrepared(req, reply, p);
    };
  const badRequest = (messages: string[]): Prepared => prepareJson({ error: 'invalid query', messages }, 400);

  const page = prepare(dashboardPage(), 'text/html; charset=utf-8');
  app.get('/', async (req, reply) => sendPrepared(req, reply, page));
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());

  const statics = new Map<string, Prepared>();
  app.get<{ Params: { file: string } }>('/static/:file', async (req, reply) => {
    const s = Object.hasOwn(STATIC, req.params.file) ? STATIC[req.params.file] : undefined;
    if (!s) return reply.code(404).send({ error: 'not found' });
    let p = statics.get(req.params.file);
    if (!p) statics.set(req.params.file, (p = prepare(await readFile(s.file()), s.type, { cacheControl: 'public, max-age=3600' })));
    return sendPrepared(req, reply, p);
  });

  const meta = prepareJson({
    tool: manifest.tool,
    created: manifest.created,
    focus,
    year: latest,
    years,
    countries: countries.map((c) => ({ code: c, en: countryName(c, 'en'), ko: countryName(c, 'ko') })),
    charts: CHART_IDS.filter((id) => id !== 'published-vs-measured' && id !== 'rejects-by-reason'),
    tables: [...tables.keys()],
    minCell,
    scenario: defaultScenario(data, latest, focus, minAiN),
  });
  app.get('/api/meta', async (req, reply) => sendPrepared(req, reply, meta));

  const list = prepareJson({ tables: [...tables.values()].map((t) => ({ name: t.name, columns: t.columns, rows: t.rows.length })) });
  app.get('/api/tables', async (req, reply) => sendPrepared(req, reply, list));

  app.get(
    '/api/tables/:name',
    cached((req) => {
      const name = (req.params as { name: string }).name;
      const t = tables.get(name);
      if (!t) return prepareJson({ error: `no table ${name}`, tables: [...tables.keys()] }, 404);
      const q = TableQuery.safeParse(req.query);
      if (!q.success) return badRequest(issues(q.error));
      const { limit = 1000, offset = 0, ...filter } = q.data;
      const unknown = Object.keys(filter).filter((k) => !t.columns.includes(k));
      if (unknown.length) return badRequest([`table ${t.name} has no column ${unknown.join(', ')}`]);
      const rows = filterRows(t, filter);
      return prepareJson({ name: t.name, columns: t.columns, total: rows.length, offset, rows: rows.slice(offset, offset + limit) });
    }),
  );

  app.get(
    '/api/charts/:id',
    cached((req) => {
      const id = (req.params as { id: string }).id;
      if (!(CHART_IDS as readonly string[]).includes(id)) return prepareJson({ error: `no chart ${id}` }, 404);
      const q = ChartQuery.safeParse(req.query);
      if (!q.success) return badRequest(issues(q.error));
      const country = q.data.country ?? focus;
      const year = q.data.year ?? latest;
      const ctx: ChartContext = {
        lang: (q.data.lang ?? 'en') as Lang,
        focus: country,
        year,
        minAiN,
        scenarioPremium: q.data.scenario ?? defaultScenario(data, year, country, minAiN),
        width: 560,
      };
      const spec = chartSpec(id as ChartId, new ReportData(tables, country), ctx);
      return prepareJson({ id, spec });
    }),
  );

  app.get(
    '/api/scenario',
    cached((req) => {
      const q = ScenarioQuery.safeParse(req.query);
      if (!q.success) return badRequest(issues(q.error));
      const country = q.data.country ?? focus;
      const year = q.data.year ?? latest;
      const m = linkModel(new ReportData(tables, country), { lang: 'en', focus: country, year, minAiN, scenarioPremium: q.data.premium });
      if (!m.lineFit || !m.scenario) return prepareJson({ error: `too few countries with data in ${year} for a fitted line`, countries: m.points.length }, 422);
      const p = m.scenario;
      return prepareJson({
        year,
        country,
        premium: q.data.premium,
        share_abroad_ai: p.fit,
        ci_low: p.low,
        ci_high: p.high,
        pi_low: p.pi_low,
        pi_high: p.pi_high,
        current: m.focusPoint ? { premium: m.focusPoint.premium_pct, share_abroad_ai: m.focusPoint.share_ai } : null,
        // The scenario's line: fitted without the country (when it is in the scatter).
        fit: { slope: m.lineFit.slope, slope_ci: m.lineFit.slopeCi, intercept: m.lineFit.intercept, n_countries: m.lineFit.n, left_out: m.focusLeftOut ? country : null },
        // The association over all countries, as link.csv: HC3 interval, permutation p.
        link: m.hc3 ? { slope: m.hc3.slope, slope_ci: [m.hc3.low, m.hc3.high], p_permutation: m.hc3.pPerm, ci_includes_zero: m.hc3.includesZero, n_countries: m.hc3.n } : null,
        note: 'an association across countries, not the effect of a change in the premium; pi_low/pi_high: 95% prediction interval for one country',
      });
    }),
  );

  return app;
}
