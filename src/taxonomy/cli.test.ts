import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { register } from '../cli/taxonomy.ts';
import { taxonomyList, taxonomyMatch, taxonomyShow } from '../cli/taxonomy-text.ts';
import { UsageError } from '../errors.ts';

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
