/**
 * The `talentflow` command. Each command lives in its own file with a `register`
 * function that declares it to commander with light imports only; its action imports the
 * heavy modules (the engine, the report, the server) when it runs, so `--help` stays fast.
 * Exit codes: 0 ok, 1 data error, 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { TalentflowError } from '../errors.ts';
import { EngineError } from '../engine/errors.ts';
import { VERSION } from '../study/version.ts';
import * as ingest from './ingest.ts';
import * as validate from './validate.ts';
import * as run from './run.ts';
import * as demo from './demo.ts';
import * as synth from './synth.ts';
import * as taxonomy from './taxonomy.ts';
import * as ingestSurvey from './ingest-survey.ts';
import * as demoReal from './demo-real.ts';
import * as serve from './serve.ts';
import * as pgLoad from './pg-load.ts';
import { addStudyFlagsFor } from './lazy-flags.ts';

/** The command-line program with every command registered (nothing parsed yet). */
function program(): Command {
  const program = new Command('talentflow')
    .description('measure the market for AI talent from workforce-profile data')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  ingest.register(program);
  validate.register(program);
  run.register(program);
  demo.register(program);
  synth.register(program);
  taxonomy.register(program);
  ingestSurvey.register(program);
  demoReal.register(program);
  serve.register(program);
  pgLoad.register(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    const p = program();
    await addStudyFlagsFor(p, argv);
    await p.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof TalentflowError || e instanceof EngineError) {
      process.stderr.write(`talentflow: ${e.message}\n`);
      if (process.env.TALENTFLOW_DEBUG && e.cause) console.error(e.cause);
      return e instanceof TalentflowError ? e.exitCode : 1;
    }
    process.stderr.write(`talentflow: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
