import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTaxonomy, matchSkill } from './match.ts';
import { evaluate, parseCsv, readLabelled } from './eval/evaluate.ts';

test('the labelled set is large enough and well formed', () => {
  const set = readLabelled();
  assert.ok(set.length >= 600, `only ${set.length} strings`);
  const groups = new Set(loadTaxonomy('bok12').skills.map((s) => s.name));
  for (const s of set) {
    if (s.label === 'ai') assert.ok(groups.has(s.subfield), `"${s.text}" has subfield "${s.subfield}"`);
    else assert.equal(s.subfield, '', s.text);
  }
  assert.equal(new Set(set.map((s) => s.text)).size, set.length, 'duplicate strings');
});

test('bok12 reaches precision and recall of at least 0.95 on the labelled set', () => {
  const r = evaluate('bok12');
  assert.ok(r.precision >= 0.95, `precision ${r.precision}: ${JSON.stringify(r.falsePositives)}`);
  assert.ok(r.recall >= 0.95, `recall ${r.recall}: ${JSON.stringify(r.falseNegatives)}`);
  assert.equal(r.tp + r.fp + r.fn + r.tn, r.n);
});

test('the known traps in the labelled set are labelled non-AI and not matched', () => {
  const set = readLabelled();
  const traps = set.filter((s) => s.note.startsWith('trap'));
  assert.ok(traps.length >= 10);
  const bok = loadTaxonomy('bok12');
  for (const s of traps) {
    assert.equal(s.label, 'non_ai', s.text);
    assert.equal(matchSkill(bok, s.text), null, s.text);
  }
});

test('the CSV parser handles quotes, doubled quotes and CRLF', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi"""\n'), [['a', 'b'], ['x, y', 'say "hi"']]);
});
