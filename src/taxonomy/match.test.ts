import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildTaxonomy, explainMatch, listPresets, loadTaxonomy, matchSkill, normaliseSkill, presetNames,
  TaxonomyFileError, UnknownTaxonomyError,
} from './match.ts';

test('normalisation: NFKC, lower case, trim, collapse whitespace, drop a trailing abbreviation', () => {
  const cases: [string, string][] = [
    ['Natural Language Processing (NLP)', 'natural language processing'],
    ['Artificial Intelligence (AI)', 'artificial intelligence'],
    ['Deep Learning (DL)', 'deep learning'],
    ['  Machine\t\tLearning  ', 'machine learning'],
    ['Computer Vision (CV) ', 'computer vision'],
    ['Ａｒｔｉｆｉｃｉａｌ　Ｉｎｔｅｌｌｉｇｅｎｃｅ', 'artificial intelligence'], // full-width forms and ideographic space
    ['Machine\u00a0Learning', 'machine learning'],
    ['AI (A.I.)', 'ai'],
    ['Python (programming language)', 'python (programming language)'], // not an abbreviation: kept
    ['(NLP)', '(nlp)'], // nothing would remain: kept
    ['머신러닝 (ML)', '머신러닝'],
    ['ML (AI) (NLP)', 'ml (ai)'], // only one trailing abbreviation is dropped
  ];
  for (const [input, out] of cases) assert.equal(normaliseSkill(input), out, input);
});

test('bok12 matches names, aliases and real spellings', () => {
  const t = loadTaxonomy('bok12');
  const cases: [string, string][] = [
    ['Digital Signal Processing', 'signal processing'], ['Brain Science', 'neuroscience'], ['Neural Networks', 'deep learning'],
    ['ML', 'machine learning'], ['NLP', 'natural language processing'], ['Computer Vision (CV)', 'computer vision'],
    ['AI', 'artificial intelligence'], ['Artificial Intelligence (AI)', 'artificial intelligence'], ['Big Data', 'big data'],
    ['Cloud Computing', 'cloud computing'], ['Data Mining', 'data mining'], ['Robotics', 'robotics'], ['Pattern Recognition', 'pattern recognition'],
    ['TensorFlow', 'deep learning'], ['Scikit-Learn', 'machine learning'],
  ];
  for (const [text, skill] of cases) assert.equal(matchSkill(t, text)?.skill, skill, text);
  const m = matchSkill(t, 'Brain Science');
  assert.deepEqual(m, { skill: 'neuroscience', subfield: 'adjacent science', via: 'alias', alias: 'brain science', normalised: 'brain science' });
  assert.equal(matchSkill(t, 'Neuroscience')?.via, 'name');
});

test('Korean names of the twelve groups match', () => {
  const t = loadTaxonomy('bok12');
  const cases: [string, string][] = [
    ['머신러닝', 'machine learning'], ['기계학습', 'machine learning'], ['딥러닝', 'deep learning'], ['인공지능', 'artificial intelligence'],
    ['자연어처리', 'natural language processing'], ['자연어 처리', 'natural language processing'], ['컴퓨터 비전', 'computer vision'],
    ['빅데이터', 'big data'], ['클라우드 컴퓨팅', 'cloud computing'], ['데이터 마이닝', 'data mining'], ['로봇공학', 'robotics'],
    ['패턴인식', 'pattern recognition'], ['신호처리', 'signal processing'], ['뇌과학', 'neuroscience'],
  ];
  for (const [text, skill] of cases) assert.equal(matchSkill(t, text)?.skill, skill, text);
});

test('no substring matching: the known traps are not AI skills in any preset', () => {
  const traps = [
    'E-Learning', 'Pattern Making', 'Machine Operation', 'Neurology', 'Data Entry', 'Online Learning', 'Active Learning',
    'Robotic Process Automation (RPA)', 'Business Intelligence', 'Machine Learning Engineer Recruiter', 'Cloud Foundry',
    'Learning Management Systems', 'Signal Integrity', 'Big Data Entry', 'Cloudflare', 'SPARK', 'Torch', 'CV', 'CNN',
  ];
  for (const name of presetNames().filter((n) => n !== 'so-ml')) {
    const t = loadTaxonomy(name);
    for (const text of traps) assert.equal(matchSkill(t, text), null, `${name}: ${text}`);
  }
});

test('explanations say which alias matched or why nothing did', () => {
  const t = loadTaxonomy('bok12');
  const hit = explainMatch(t, ' Natural  Language Processing (NLP) ');
  assert.equal(hit.steps.length, 4);
  assert.equal(hit.steps.at(-1)?.result, 'natural language processing');
  assert.match(hit.reason, /canonical name "natural language processing"/);
  const alias = explainMatch(t, 'Brain Science');
  assert.match(alias.reason, /alias "brain science" of "neuroscience"/);
  const miss = explainMatch(t, 'Machine Learning for Kids');
  assert.equal(miss.match, null);
  assert.match(miss.reason, /substring matches are never used/);
  assert.ok(miss.containedAliases.includes('machine learning'));
  assert.deepEqual(explainMatch(t, 'E-Learning').containedAliases, []);
});

test('presets load and list', () => {
  const names = listPresets().map((p) => p.name);
  for (const n of ['bok12', 'linkedin', 'oecd']) assert.ok(names.includes(n), n);
  const bok = loadTaxonomy('bok12');
  assert.equal(bok.skills.length, 12);
  const li = loadTaxonomy('linkedin');
  assert.deepEqual([...new Set(li.skills.map((s) => s.subfield))].sort(), ['AI engineering', 'AI literacy']);
  assert.equal(matchSkill(li, 'ChatGPT')?.subfield, 'AI literacy');
  assert.equal(matchSkill(bok, 'ChatGPT'), null);
});

test('a user preset file loads; invalid files fail with the file and the problem named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-tax-'));
  const good = join(dir, 'mine.json');
  writeFileSync(good, JSON.stringify({
    name: 'mine', title: 'My AI', source: 'me', description: 'test',
    skills: [{ name: 'Machine Learning', subfield: 'core', aliases: ['ML', 'Maschinelles Lernen'] }, { name: 'Quantum ML', subfield: 'edge', aliases: [] }],
  }));
  const t = loadTaxonomy(good);
  assert.equal(t.name, 'mine');
  assert.equal(matchSkill(t, 'maschinelles  lernen')?.skill, 'Machine Learning');
  assert.equal(matchSkill(t, 'quantum ml')?.via, 'name');

  const noSkills = join(dir, 'empty.json');
  writeFileSync(noSkills, JSON.stringify({ name: 'x', skills: [] }));
  assert.throws(() => loadTaxonomy(noSkills), (e: Error) => e instanceof TaxonomyFileError && e.message.includes(noSkills) && /at least one skill/.test(e.message));

  const badJson = join(dir, 'bad.json');
  writeFileSync(badJson, '{ "name": "x", ');
  assert.throws(() => loadTaxonomy(badJson), (e: Error) => e instanceof TaxonomyFileError && e.message.includes(badJson) && /not valid JSON/.test(e.message));

  const noSubfield = join(dir, 'nosub.json');
  writeFileSync(noSubfield, JSON.stringify({ name: 'x', skills: [{ name: 'ai', aliases: [] }] }));
  assert.throws(() => loadTaxonomy(noSubfield), /skills\.0\.subfield/);

  const dup = join(dir, 'dup.json');
  writeFileSync(dup, JSON.stringify({ name: 'x', skills: [
    { name: 'machine learning', subfield: 'a', aliases: ['ML'] }, { name: 'deep learning', subfield: 'a', aliases: ['ml (dl)'] },
  ] }));
  assert.throws(() => loadTaxonomy(dup), (e: Error) => e instanceof TaxonomyFileError && /maps to two skills/.test(e.message) && e.message.includes(dup));

  assert.throws(() => loadTaxonomy('no-such-preset'), (e: Error) => e instanceof UnknownTaxonomyError && /bok12/.test(e.message));
});

test('an alias repeated within one skill is not an error', () => {
  const t = buildTaxonomy({ name: 'x', skills: [{ name: 'AI', subfield: 's', aliases: ['ai', 'A.I.', 'AI (AI)'] }] }, 'inline');
  assert.equal(t.index.size, 2);
});
