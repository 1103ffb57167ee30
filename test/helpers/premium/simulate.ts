/**
 * A seeded simulated world for the premium and abroad-gap measures: `panel`, `ai_skills`,
 * `users_ai` with a known AI log-wage premium per country and a known abroad gap (see
 * simulate.sql). Used by the recovery tests and bench/premium.bench.ts; no real person.
 */
import { fill, sql, sqlFile, type Db } from '../../../src/db/index.ts';

/** Parameters of the simulated panel. */
export interface SimOptions {
  /** ISO codes of the countries (users are spread evenly over them). */
  countries: string[];
  /** True AI log-wage premium β of each country, in the order of `countries`. */
  betas: number[];
  /** Users (each appears in every year). */
  users: number;
  year0: number;
  years: number;
  /** Share of AI users. */
  pAi?: number;
  /** True abroad gap (probability points, 0–0.9). */
  gamma?: number;
  seed?: number;
}

/** Create `panel`, `ai_skills`, `users_ai` in `db` (replacing them). */
export async function simulatePanel(db: Db, o: SimOptions): Promise<void> {
  if (o.countries.length !== o.betas.length || o.countries.length < 2) throw new Error('simulatePanel: one beta per country, ≥ 2 countries');
  await db.run(
    fill(sqlFile(import.meta.url, 'simulate.sql'), {
      countries: sql`[${o.countries}]`,
      betas: sql`[${o.betas.map((b) => sql`${b}::double`)}]`,
      n_countries: o.countries.length,
      n_users: o.users,
      year0: o.year0,
      n_years: o.years,
      p_ai: o.pAi ?? 0.1,
      gamma: o.gamma ?? 0.2,
      seed: o.seed ?? 1,
    }),
  );
}
