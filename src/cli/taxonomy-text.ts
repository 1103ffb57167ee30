/**
 * The text of `talentflow taxonomy list | show | match` (the command itself is in
 * taxonomy.ts, which loads this file when it runs).
 */
import { UsageError } from '../errors.ts';
import { explainMatch, listPresets, loadTaxonomy } from '../taxonomy/match.ts';

/** Output format of `taxonomy show` and `taxonomy match`. */
export type TaxonomyFormat = 'text' | 'json';

function checkFormat(format: string | undefined): TaxonomyFormat {
  const f = format ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, got "${f}"`);
  return f;
}

/** `taxonomy list`: the presets shipped with talentflow. */
export function taxonomyList(opts: { format?: string } = {}): string {
  const format = checkFormat(opts.format);
  const presets = listPresets();
  if (format === 'json') return JSON.stringify(presets.map(({ name, title, skills, aliases }) => ({ name, title, skills, aliases })), null, 2) + '\n';
  const w = Math.max(4, ...presets.map((p) => p.name.length));
  const lines = [`${'name'.padEnd(w)}  skills  aliases  title`];
  for (const p of presets) lines.push(`${p.name.padEnd(w)}  ${String(p.skills).padStart(6)}  ${String(p.aliases).padStart(7)}  ${p.title}`);
  return lines.join('\n') + '\n';
}

/** `taxonomy show <preset|file>`: the skills of a taxonomy with their subfields and aliases. */
export function taxonomyShow(nameOrPath: string, opts: { format?: string } = {}): string {
  const format = checkFormat(opts.format);
  const t = loadTaxonomy(nameOrPath);
  if (format === 'json') {
    const { name, title, source, description, skills } = t;
    return JSON.stringify({ name, title, source, description, skills }, null, 2) + '\n';
  }
  const lines = [`${t.name}: ${t.title}`, `source: ${t.source}`, '', t.description, ''];
  for (const s of t.skills) {
    lines.push(`${s.name}  [${s.subfield}]`);
    if (s.aliases.length) lines.push(`  aliases: ${s.aliases.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

/** `taxonomy match "<text>"`: the normalisation steps and which name/alias matched, or why none did. */
export function taxonomyMatch(text: string, opts: { taxonomy?: string; format?: string } = {}): string {
  const format = checkFormat(opts.format);
  const t = loadTaxonomy(opts.taxonomy ?? 'bok12');
  const ex = explainMatch(t, text);
  if (format === 'json') return JSON.stringify(ex, null, 2) + '\n';
  const lines = [`input: ${JSON.stringify(text)}  (taxonomy ${t.name})`];
  for (const s of ex.steps) lines.push(`  ${s.step.padEnd(44)} → ${JSON.stringify(s.result)}`);
  lines.push(ex.match ? `match: ${ex.match.skill} [${ex.match.subfield}] via ${ex.match.via} "${ex.match.alias}"` : 'match: none');
  lines.push(ex.reason);
  return lines.join('\n') + '\n';
}
