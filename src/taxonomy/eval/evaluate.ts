/**
 * Evaluation of the presets on the labelled set of real skill strings (`labelled.csv`,
 * labelled under the BOK-12 definition; see PROVENANCE.md).
 */
import { readFileSync } from 'node:fs';
import { loadTaxonomy, matchSkill } from '../match.ts';
import { parseCsv } from '../../output/csv.ts';

/** One labelled string. */
export interface LabelledString {
  text: string;
  source: string;
  label: 'ai' | 'non_ai';
  /** BOK-12 group when `label` is `ai`. */
  subfield: string;
  note: string;
}

/** Precision, recall and the counts behind them for one preset. */
export interface EvalResult {
  preset: string;
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  /** Among true positives, the share whose canonical skill equals the labelled group (bok12 only). */
  groupAgreement: number | null;
  falsePositives: { text: string; skill: string }[];
  falseNegatives: string[];
}

export { parseCsv };

/** Read the labelled set shipped beside this module. */
export function readLabelled(file = new URL('./labelled.csv', import.meta.url)): LabelledString[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (header?.join(',') !== 'text,source,label,subfield,note') throw new Error(`unexpected header in labelled.csv: ${header?.join(',')}`);
  return rows.map((r) => {
    const label = r[2];
    if (label !== 'ai' && label !== 'non_ai') throw new Error(`bad label "${label}" for "${r[0]}"`);
    return { text: r[0]!, source: r[1]!, label, subfield: r[3] ?? '', note: r[4] ?? '' };
  });
}

/** Match every labelled string with a preset and score it against the labels. */
export function evaluate(preset: string, set: LabelledString[] = readLabelled()): EvalResult {
  const tax = loadTaxonomy(preset);
  let tp = 0, fp = 0, fn = 0, tn = 0, sameGroup = 0;
  const falsePositives: { text: string; skill: string }[] = [];
  const falseNegatives: string[] = [];
  for (const s of set) {
    const m = matchSkill(tax, s.text);
    if (m && s.label === 'ai') {
      tp++;
      if (m.skill === s.subfield) sameGroup++;
    } else if (m) {
      fp++;
      falsePositives.push({ text: s.text, skill: m.skill });
    } else if (s.label === 'ai') {
      fn++;
      falseNegatives.push(s.text);
    } else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    preset, n: set.length, tp, fp, fn, tn, precision, recall, f1,
    groupAgreement: preset === 'bok12' && tp ? sameGroup / tp : null,
    falsePositives, falseNegatives,
  };
}
