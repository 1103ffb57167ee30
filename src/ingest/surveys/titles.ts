/**
 * Title-based AI classification of aijobs.net rows with the rules of `aijobs-titles.json`
 * (ordered; first match wins; no match = `other`).
 */
import { readFileSync } from 'node:fs';

/** Classes of a job title. */
export type TitleClass = 'ai' | 'data_science' | 'data' | 'other';

interface Rule {
  class: TitleClass;
  any: RegExp[];
  unless: RegExp[];
}

const file = JSON.parse(readFileSync(new URL('./aijobs-titles.json', import.meta.url), 'utf8')) as {
  rules: { class: TitleClass; any: string[]; unless?: string[] }[];
};
const RULES: Rule[] = file.rules.map((r) => ({
  class: r.class,
  any: r.any.map((p) => new RegExp(p, 'i')),
  unless: (r.unless ?? []).map((p) => new RegExp(p, 'i')),
}));

/** Class of one job title. */
export function classifyTitle(title: string | null | undefined): TitleClass {
  if (!title) return 'other';
  const t = title.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  for (const r of RULES) if (r.any.some((p) => p.test(t)) && !r.unless.some((p) => p.test(t))) return r.class;
  return 'other';
}
