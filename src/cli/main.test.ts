import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The compiled command, as a user runs it (`npm test` builds dist/ first).
const bin = fileURLToPath(new URL('../../bin/talentflow.mjs', import.meta.url));

function help(...args: string[]): string {
  assert.ok(existsSync(new URL('../../dist/cli/main.js', import.meta.url)), 'dist/ is not built: run `npm run build` (npm test does)');
  return execFileSync(process.execPath, [bin, ...args, '--help'], { encoding: 'utf8' });
}

test('talentflow --help lists every command', () => {
  assert.doesNotMatch(help(), /--vcov/);
  const out = help();
  const listed = [...out.split('Commands:')[1]!.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]);
  for (const c of ['ingest', 'validate', 'run', 'demo', 'synth', 'taxonomy', 'ingest-survey', 'demo-real', 'serve'])
    assert.ok(listed.includes(c), `--help does not list ${c}:\n${out}`);
});

test('a command\'s --help shows its options, including those loaded for it', () => {
  // the study flags are added only when run or demo is the command (they load zod)
  const run = help('run');
  for (const o of ['--data <dir>', '--out <dir>', '--vcov <type>', '--origin-rule <rule>', '--min-cell <n>']) assert.ok(run.includes(o), `run --help lacks ${o}`);
  assert.match(help('demo'), /--users <n>[\s\S]*--vcov <type>/);
  assert.match(execFileSync(process.execPath, [bin, 'help', 'run'], { encoding: 'utf8' }), /--origin-rule <rule>/);
  assert.match(help('taxonomy', 'match'), /--taxonomy <preset\|file>/);
  assert.match(help('ingest-survey', 'stackoverflow'), /--file <file>/);
});
