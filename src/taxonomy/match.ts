/**
 * AI-skill taxonomies: loading presets (JSON data files in `presets/`) or a user's own
 * file, the spec's normalisation of skill text, and exact matching of canonical names and
 * aliases. Substrings are never matched: `E-Learning` is not `machine learning`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DataError, UsageError } from '../errors.ts';

/** A taxonomy file cannot be read, is not valid JSON, or breaks the preset format. */
export class TaxonomyFileError extends DataError {}

/** The taxonomy named is neither a preset nor an existing file. */
export class UnknownTaxonomyError extends UsageError {}

const PRESET_DIR = fileURLToPath(new URL('./presets/', import.meta.url));

const SkillSchema = z.object({
  name: z.string().trim().min(1, 'a skill needs a non-empty "name"'),
  subfield: z.string().trim().min(1, 'a skill needs a non-empty "subfield"'),
  aliases: z.array(z.string()).default([]),
});

/** The preset file format (presets and user files alike). */
export const TaxonomyFileSchema = z.object({
  name: z.string().trim().min(1),
  title: z.string().default(''),
  source: z.string().default(''),
  description: z.string().default(''),
  skills: z.array(SkillSchema).min(1, 'a taxonomy needs at least one skill'),
});

/** One canonical skill of a taxonomy. */
export interface TaxonomySkill {
  name: string;
  subfield: string;
  aliases: string[];
}

/** What a normalised text maps to. */
export interface IndexEntry {
  skill: string;
  subfield: string;
  via: 'name' | 'alias';
  /** The name or alias as written in the preset. */
  alias: string;
}

/** A loaded, validated taxonomy with its lookup index (normalised text → skill). */
export interface Taxonomy {
  name: string;
  title: string;
  source: string;
  description: string;
  skills: TaxonomySkill[];
  /** Absolute path of the file it was read from. */
  file: string;
  index: ReadonlyMap<string, IndexEntry>;
}

/** Result of matching one skill text. */
export interface SkillMatch extends IndexEntry {
  /** The input after normalisation. */
  normalised: string;
}

/** One step of the normalisation, for explanations. */
export interface NormaliseStep {
  step: string;
  result: string;
}

// A trailing "(NLP)", "(AI)", "(A.I.)", "(AI/ML)": one short token in parentheses.
const TRAILING_ABBREV = /\s*\(\s*(?=[^()\s]*\p{L})[\p{L}\p{N}.&/+-]{1,8}\s*\)$/u;

/** The spec's normalisation, step by step (NFKC, lower case, trim, collapse spaces, drop a trailing abbreviation). */
export function normaliseSteps(text: string): NormaliseStep[] {
  const steps: NormaliseStep[] = [];
  let s = text.normalize('NFKC');
  steps.push({ step: 'Unicode NFKC', result: s });
  s = s.toLowerCase();
  steps.push({ step: 'lower case', result: s });
  s = s.trim().replace(/\s+/gu, ' ');
  steps.push({ step: 'trim and collapse whitespace', result: s });
  const dropped = s.replace(TRAILING_ABBREV, '').trim();
  steps.push({ step: 'drop a trailing parenthesised abbreviation', result: dropped.length > 0 ? dropped : s });
  return steps;
}

/** Normalise skill text as the spec says; both the data and the preset aliases go through this. */
export function normaliseSkill(text: string): string {
  let s = text.normalize('NFKC').toLowerCase().trim().replace(/\s+/gu, ' ');
  const dropped = s.replace(TRAILING_ABBREV, '').trim();
  if (dropped.length > 0) s = dropped;
  return s;
}

/** Build a taxonomy from parsed file content; `where` names the file in errors. */
export function buildTaxonomy(content: unknown, where: string): Taxonomy {
  const parsed = TaxonomyFileSchema.safeParse(content);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`)
      .join('; ');
    throw new TaxonomyFileError(
      `taxonomy file ${where} is not in the preset format (${issues}); expected {"name", "title", "source", "description", "skills": [{"name", "subfield", "aliases": [...]}]}`,
    );
  }
  const t = parsed.data;
  const index = new Map<string, IndexEntry>();
  const names = new Set<string>();
  for (const sk of t.skills) {
    const key = normaliseSkill(sk.name);
    if (names.has(key)) throw new TaxonomyFileError(`taxonomy file ${where}: skill "${sk.name}" is listed twice`);
    names.add(key);
  }
  const add = (text: string, sk: TaxonomySkill, via: 'name' | 'alias'): void => {
    const key = normaliseSkill(text);
    if (key.length === 0) throw new TaxonomyFileError(`taxonomy file ${where}: skill "${sk.name}" has an empty alias`);
    const prev = index.get(key);
    if (prev && prev.skill !== sk.name) {
      throw new TaxonomyFileError(
        `taxonomy file ${where}: "${text}" (normalised "${key}") maps to two skills, "${prev.skill}" and "${sk.name}"; keep it under one`,
      );
    }
    if (!prev) index.set(key, { skill: sk.name, subfield: sk.subfield, via, alias: text });
  };
  for (const sk of t.skills) add(sk.name, sk, 'name');
  for (const sk of t.skills) for (const a of sk.aliases) add(a, sk, 'alias');
  return { ...t, file: where, index };
}

/** The preset files shipped with talentflow: name, title, number of skills and aliases. */
export function listPresets(): { name: string; title: string; skills: number; aliases: number; file: string }[] {
  return readdirSync(PRESET_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const t = loadTaxonomy(resolve(PRESET_DIR, f));
      return { name: t.name, title: t.title, skills: t.skills.length, aliases: t.index.size, file: t.file };
    });
}

/** Names of the presets (file stems in `presets/`). */
export function presetNames(): string[] {
  return readdirSync(PRESET_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

/**
 * Load a preset by name (`bok12`, `linkedin`, `oecd`, `so-ml`) or a user's JSON file by
 * path, validated; duplicate aliases that map to two skills are an error.
 */
export function loadTaxonomy(nameOrPath: string): Taxonomy {
  const presetFile = /^[a-z0-9][a-z0-9_-]*$/i.test(nameOrPath) ? resolve(PRESET_DIR, `${nameOrPath}.json`) : null;
  const file = presetFile && existsSync(presetFile) ? presetFile : resolve(nameOrPath);
  if (!existsSync(file)) {
    throw new UnknownTaxonomyError(
      `taxonomy "${nameOrPath}" is neither a preset (${presetNames().join(', ')}) nor an existing file; give a preset name or the path to a JSON file`,
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TaxonomyFileError(`taxonomy file ${file} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  let content: unknown;
  try {
    content = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new TaxonomyFileError(`taxonomy file ${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return buildTaxonomy(content, file);
}

/** Match one skill text exactly (after normalisation) against names and aliases; null when no match. */
export function matchSkill(tax: Taxonomy, text: string): SkillMatch | null {
  const normalised = normaliseSkill(text);
  const hit = tax.index.get(normalised);
  return hit ? { ...hit, normalised } : null;
}

/** A human-readable account of how a text was matched, or why it was not. */
export interface MatchExplanation {
  input: string;
  taxonomy: string;
  steps: NormaliseStep[];
  normalised: string;
  match: SkillMatch | null;
  /** Names/aliases that occur inside the text as a word sequence (never used for matching). */
  containedAliases: string[];
  reason: string;
}

const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** A name/alias key as a sequence of words (letters and digits), joined by single spaces. */
const wordForm = (s: string): string => s.replace(NON_WORD, ' ').trim();

/** The sentence that says why a normalised text matched, or why it did not. */
function reasonFor(tax: Taxonomy, normalised: string, match: SkillMatch | null, containedAliases: string[]): string {
  if (match) {
    return match.via === 'name'
      ? `"${normalised}" is the canonical name "${match.skill}" (${match.subfield})`
      : `"${normalised}" is the alias "${match.alias}" of "${match.skill}" (${match.subfield})`;
  }
  if (normalised.length === 0) return 'empty text; nothing to match';
  let reason = `no exact name or alias "${normalised}" in ${tax.name}; substring matches are never used`;
  if (containedAliases.length) {
    reason += ` (the text contains ${containedAliases.map((a) => `"${a}"`).join(', ')}, which does not make it that skill)`;
  }
  return reason;
}

/** One row of a bulk match: the text, its normalised form, the skill (if any) and why. */
export interface MatchRow {
  input: string;
  normalised: string;
  skill: string | null;
  subfield: string | null;
  reason: string;
}

/**
 * A matcher for many texts against one taxonomy: the names and aliases are prepared once
 * (word form → keys), so each text costs a normalisation, one lookup and, for a miss, a
 * lookup of each run of its words. The reason is the one `explainMatch` gives.
 */
export function bulkMatcher(tax: Taxonomy): (text: string) => MatchRow {
  const byWords = new Map<string, { key: string; order: number }[]>();
  let order = 0;
  let maxWords = 0;
  for (const key of tax.index.keys()) {
    const w = wordForm(key);
    if (w.length === 0) continue;
    maxWords = Math.max(maxWords, w.split(' ').length);
    const list = byWords.get(w);
    const e = { key, order: order++ };
    if (list) list.push(e);
    else byWords.set(w, [e]);
  }
  const contained = (normalised: string): string[] => {
    const words = wordForm(normalised).split(' ').filter((x) => x.length > 0);
    const found: { key: string; order: number }[] = [];
    for (let i = 0; i < words.length; i++) {
      let run = '';
      for (let j = i; j < Math.min(words.length, i + maxWords); j++) {
        run = j === i ? words[j]! : `${run} ${words[j]!}`;
        const hit = byWords.get(run);
        if (hit) for (const e of hit) if (!found.some((f) => f.key === e.key)) found.push(e);
      }
    }
    // As explainMatch: taxonomy order, then longest first.
    return found.sort((a, b) => a.order - b.order).map((f) => f.key).sort((a, b) => b.length - a.length);
  };
  return (text: string): MatchRow => {
    const normalised = normaliseSkill(text);
    const hit = tax.index.get(normalised);
    const match = hit ? { ...hit, normalised } : null;
    const reason = reasonFor(tax, normalised, match, match ? [] : contained(normalised));
    return { input: text, normalised, skill: match?.skill ?? null, subfield: match?.subfield ?? null, reason };
  };
}

/** Explain the normalisation steps and the match (or the absence of one) of a text. */
export function explainMatch(tax: Taxonomy, text: string): MatchExplanation {
  const steps = normaliseSteps(text);
  const normalised = normaliseSkill(text);
  const match = matchSkill(tax, text);
  const containedAliases: string[] = [];
  if (!match) {
    const padded = ` ${normalised.replace(NON_WORD, ' ')} `;
    for (const key of tax.index.keys()) {
      const k = wordForm(key);
      if (k.length > 0 && padded.includes(` ${k} `)) containedAliases.push(key);
    }
    containedAliases.sort((a, b) => b.length - a.length);
  }
  const reason = reasonFor(tax, normalised, match, containedAliases);
  return { input: text, taxonomy: tax.name, steps, normalised, match, containedAliases, reason };
}
