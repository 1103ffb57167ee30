/**
 * Published reference figures, in one data file (`published.json`): the Bank of Korea
 * note, the LinkedIn indicators and the other AI wage-premium estimates, each with its
 * source, where it was reported and its unit. The report compares them with the measured
 * values (`src/report/published.ts`), the synthetic world is calibrated to them
 * (`src/synth/calibration.ts`) and the survey study sets the postings premiums beside
 * its own (`src/study/survey`).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The languages labels and sources are written in. */
export type RefLang = 'en' | 'ko';

type Year = number | 'latest' | 'pooled';

/** Which measured value a figure corresponds to (read by the report). */
export type FigureMatch =
  | { kind: 'headcount'; country: string; year: Year }
  | { kind: 'premium'; country: string; year: Year }
  | { kind: 'premium_avg'; country: string; from: number; to: number }
  | { kind: 'skill_premium'; country: string; skill: string }
  | { kind: 'abroad_total' | 'abroad_share' | 'abroad_gap_share'; origin: string; year: Year }
  | { kind: 'abroad_dest'; origin: string; destination: string; year: Year }
  | { kind: 'net_sign'; country: string; from: number; to: number }
  | { kind: 'foreign_share'; country: string; year: Year; group: string }
  | { kind: 'composition'; country: string; year: Year; dimension: string; pattern: string }
  | { kind: 'net_per_10k'; country: string; year: Year }
  | { kind: 'none' };

/** A published sign pattern: years of net outflow out of `years`, and the inflow years. */
export interface SignValue {
  outflowYears: number;
  years: number;
  inflow: number[];
}

/** One published figure. */
export interface Figure {
  id: string;
  /** Key of `sources`. */
  source: string;
  /** Key of `settings` (the study options under which the figure is comparable); `postings` has none. */
  setting: string;
  value: number | SignValue;
  unit: 'count' | 'pct' | 'pp' | 'per10k' | 'sign';
  label: Record<RefLang, string>;
  match: FigureMatch;
  /** What the figure covers, for the postings premiums (survey study). */
  scope?: string;
  /** False: a calibration target only, not in the report's comparison table. */
  report?: boolean;
}

/** A source: its citation in both languages and where in it (or where it was reported) the figures are. */
export type Source = Record<RefLang, string> & { where: string };

/** The whole reference file. */
export interface PublishedFile {
  about: string;
  sources: Record<string, Source>;
  settings: Record<string, Record<string, unknown>>;
  figures: Figure[];
}

/** A figure id that `published.json` does not hold (a bug in the caller). */
export class UnknownFigureError extends Error {}

/** The shipped reference figures. */
export function publishedFigures(): PublishedFile {
  return require('./published.json') as PublishedFile;
}

/** One figure by id; throws UnknownFigureError when absent. */
export function figure(id: string): Figure {
  const f = publishedFigures().figures.find((x) => x.id === id);
  if (!f) throw new UnknownFigureError(`no published figure "${id}" in src/reference/published.json`);
  return f;
}

/** The numeric value of a figure (throws for sign figures and unknown ids). */
export function figureValue(id: string): number {
  const v = figure(id).value;
  if (typeof v !== 'number') throw new UnknownFigureError(`published figure "${id}" is not a number`);
  return v;
}

/** The English citation of a source key. */
export function sourceName(key: string): string {
  return publishedFigures().sources[key]?.en ?? key;
}

/** Where in a source (or where it was reported) its figures are. */
export function sourceWhere(key: string): string {
  return publishedFigures().sources[key]?.where ?? '';
}

/** The AI wage premiums measured on job postings and freelance platforms (setting `postings`), in file order. */
export function postingsPremiums(): Figure[] {
  return publishedFigures().figures.filter((f) => f.setting === 'postings' && f.unit === 'pct');
}
