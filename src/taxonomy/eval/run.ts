/**
 * `npm run eval:taxonomy`: precision, recall and F1 of every preset on the labelled set
 * (labels follow the BOK-12 definition, so only bok12 is scored against its own definition;
 * the other presets show how far they agree with it).
 */
import { presetNames } from '../match.ts';
import { evaluate, readLabelled } from './evaluate.ts';

const set = readLabelled();
const nAi = set.filter((s) => s.label === 'ai').length;
console.log(`labelled set: ${set.length} strings, ${nAi} AI under BOK-12, ${set.length - nAi} not\n`);
console.log('preset      precision  recall     F1     TP    FP    FN     TN  group agreement');
const f = (x: number): string => x.toFixed(3).padStart(9);
for (const name of presetNames()) {
  const r = evaluate(name, set);
  const g = r.groupAgreement === null ? '' : r.groupAgreement.toFixed(3);
  console.log(`${name.padEnd(10)} ${f(r.precision)} ${f(r.recall)} ${f(r.f1)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(5)} ${String(r.fn).padStart(5)} ${String(r.tn).padStart(6)}  ${g}`);
  if (name === 'bok12') {
    for (const x of r.falsePositives) console.log(`    false positive: "${x.text}" → ${x.skill}`);
    for (const x of r.falseNegatives) console.log(`    false negative: "${x}"`);
    for (const src of ['so', 'aijobs', 'onet', 'esco', 'ambiguous']) {
      const part = set.filter((s) => s.source.startsWith(`${src}`));
      const p = evaluate(name, part);
      console.log(`    ${src.padEnd(7)} n=${String(p.n).padStart(4)}  AI=${String(p.tp + p.fn).padStart(3)}  precision ${p.precision.toFixed(3)}  recall ${p.recall.toFixed(3)}`);
    }
  }
}
