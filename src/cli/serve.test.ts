import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { parsePort, register } from './serve.ts';

test('parsePort accepts 0–65535 and rejects anything else with a usage error', () => {
  assert.equal(parsePort('0'), 0);
  assert.equal(parsePort('8080'), 8080);
  for (const bad of ['-1', '65536', 'http', '80.5', '']) assert.throws(() => parsePort(bad), UsageError);
});

test('serve is registered with --out required, --port and --host defaults', () => {
  const program = new Command();
  register(program);
  const serve = program.commands.find((c) => c.name() === 'serve')!;
  const opts = Object.fromEntries(serve.options.map((o) => [o.long, { required: o.required && o.mandatory, def: o.defaultValue as unknown }]));
  assert.equal(opts['--out']!.required, true);
  assert.equal(opts['--port']!.def, '8080');
  assert.equal(opts['--host']!.def, '127.0.0.1');
});
