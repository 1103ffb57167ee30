import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { register } from '../cli/taxonomy.ts';
import { MatchFileError, MatchInputError, matchAll, splitLines, taxonomyList, taxonomyMatch, taxonomyMatchFile, taxonomyShow } from '../cli/taxonomy-text.ts';
import { UsageError } from '../errors.ts';
import { bulkMatcher, explainMatch, loadTaxonomy } from './match.ts';

test('taxonomy list names the presets', () => {
  const out = taxonomyList();
  for (const n of ['bok12', 'linkedin', 'oecd']) assert.match(out, new RegExp(`^${n}\\s`, 'm'));
  const json = JSON.parse(taxonomyList({ format: 'json' })) as { name: string; skills: number }[];
  assert.equal(json.find((p) => p.name === 'bok12')?.skills, 12);
});

test('taxonomy show prints skills, and JSON that is a valid preset file', () => {
  assert.match(taxonomyShow('bok12'), /^neuroscience {2}\[adjacent science\]\n {2}aliases: brain science/m);
  const j = JSON.parse(taxonomyShow('oecd', { format: 'json' })) as { name: string; skills: unknown[] };
  assert.equal(j.name, 'oecd');
  assert.ok(j.skills.length > 10);
  assert.throws(() => taxonomyShow('bok12', { format: 'xml' }), UsageError);
});

test('taxonomy match explains the steps and the alias, or why nothing matched', () => {
  const hit = taxonomyMatch('  Computer Vision (CV) ');
  assert.match(hit, /drop a trailing parenthesised abbreviation\s+→ "computer vision"/);
  assert.match(hit, /match: computer vision \[AI application\] via name/);
  const alias = taxonomyMatch('Brain Science');
  assert.match(alias, /via alias "brain science"/);
  const miss = taxonomyMatch('E-Learning', { taxonomy: 'bok12' });
  assert.match(miss, /match: none/);
  assert.match(miss, /no exact name or alias "e-learning" in bok12; substring matches are never used/);
  const li = JSON.parse(taxonomyMatch('ChatGPT', { taxonomy: 'linkedin', format: 'json' })) as { match: { subfield: string } };
  assert.equal(li.match.subfield, 'AI literacy');
});

test('register wires the subcommands into commander', async () => {
  const program = new Command().exitOverride();
  register(program);
  const chunks: string[] = [];
  const orig = process.stdout.write.bind(process.stdout);
  // Record what the command writes and pass everything on: under `--test` the runner's reports
  // of the tests above go through this stream too, while the command loads its module.
  process.stdout.write = ((s: string, ...rest: never[]) => (chunks.push(String(s)), orig(s, ...rest))) as typeof process.stdout.write;
  try {
    await program.parseAsync(['taxonomy', 'match', 'Digital Signal Processing'], { from: 'user' });
  } finally {
    process.stdout.write = orig;
  }
  assert.match(chunks.join(''), /match: signal processing/);
});

test('taxonomy match --file: one row per line in order, CRLF, blank lines kept, csv quoting', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'tf-match-'));
  const file = join(dir, 'skills.txt');
  writeFileSync(file, '\uFEFFE-Learning\r\nComputer Vision (CV)\r\n\r\nBrain Science\r\nPython, "the language"\r\n');
  const csv = await taxonomyMatchFile(file, { format: 'csv' });
  const lines = csv.trimEnd().split('\n');
  assert.equal(lines[0], 'input,normalised,skill,subfield,reason');
  assert.equal(lines.length, 6, 'header + five rows: the blank line is a row, the final line end is not');
  assert.match(lines[1]!, /^E-Learning,e-learning,,,"no exact name or alias ""e-learning"" in bok12/);
  assert.match(lines[2]!, /^Computer Vision \(CV\),computer vision,computer vision,AI application,/);
  assert.equal(lines[3], ',,,,empty text; nothing to match');
  assert.match(lines[4]!, /^Brain Science,brain science,neuroscience,adjacent science,/);
  assert.match(lines[5]!, /^"Python, ""the language""","python, ""the language""",,,/);
  const json = JSON.parse(await taxonomyMatchFile(file, { format: 'json' })) as { input: string; skill: string | null }[];
  assert.deepEqual(json.map((r) => r.input), ['E-Learning', 'Computer Vision (CV)', '', 'Brain Science', 'Python, "the language"']);
  assert.equal(json[3]!.skill, 'neuroscience');
  const text = (await taxonomyMatchFile(file)).split('\n');
  assert.match(text[0]!, /^input +normalised +skill +subfield +reason$/);
  assert.equal(text[2]!.indexOf('computer vision '), text[0]!.indexOf('normalised'), 'columns aligned');
  await assert.rejects(taxonomyMatchFile(join(dir, 'absent.txt')), (e: Error) => e instanceof MatchFileError && e.message.includes('absent.txt'));
  await assert.rejects(taxonomyMatchFile(file, { format: 'xml' }), UsageError);
});

test('taxonomy match --file - reads stdin; LF, no final line end', async () => {
  const out = await taxonomyMatchFile('-', { format: 'json', taxonomy: 'linkedin' }, Readable.from([Buffer.from('Chat'), Buffer.from('GPT\nnot a skill')]));
  const rows = JSON.parse(out) as { input: string; subfield: string | null }[];
  assert.deepEqual(rows.map((r) => [r.input, r.subfield]), [['ChatGPT', 'AI literacy'], ['not a skill', null]]);
  assert.deepEqual(splitLines('a\n\nb\n'), ['a', '', 'b']);
  assert.deepEqual(splitLines(''), []);
});

test('bulk matching gives the reason the single match explains', () => {
  const t = loadTaxonomy('bok12');
  const m = bulkMatcher(t);
  for (const s of ['Machine Learning Engineer Recruiter', 'E-Learning', 'deep learning (DL)', 'neural networks and computer vision', '', '  ', 'C++']) {
    const ex = explainMatch(t, s);
    const row = m(s);
    assert.equal(row.reason, ex.reason, s);
    assert.equal(row.normalised, ex.normalised);
    assert.equal(row.skill, ex.match?.skill ?? null);
  }
  assert.deepEqual(matchAll(['a', 'neural networks'], 'bok12').map((r) => r.input), ['a', 'neural networks']);
});

test('taxonomy match: a text and --file together, or neither, is a usage error', async () => {
  for (const args of [['taxonomy', 'match', 'Deep Learning', '--file', '-'], ['taxonomy', 'match']]) {
    const program = new Command().exitOverride();
    register(program);
    await assert.rejects(program.parseAsync(args, { from: 'user' }), (e: Error) => e instanceof MatchInputError && (e as UsageError).exitCode === 2);
  }
});

test('the built command reads stdin with --file - and exits 2 for a text and --file', async () => {
  const { spawnSync } = await import('node:child_process');
  const { existsSync } = await import('node:fs');
  assert.ok(existsSync(new URL('../../dist/cli/main.js', import.meta.url)), 'dist/ is not built: run `npm run build` (npm test does)');
  const bin = new URL('../../bin/talentflow.mjs', import.meta.url).pathname;
  const ok = spawnSync(process.execPath, [bin, 'taxonomy', 'match', '--file', '-', '--format', 'csv'], { input: 'Deep Learning (DL)\r\nE-Learning\r\n', encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const lines = ok.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[1]!, /^Deep Learning \(DL\),deep learning,deep learning,core AI,/);
  assert.match(lines[2]!, /^E-Learning,e-learning,,,/);
  const both = spawnSync(process.execPath, [bin, 'taxonomy', 'match', 'AI', '--file', '-'], { input: '', encoding: 'utf8' });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /a text or --file, not both/);
});
