/**
 * The `talentflow` command. Each command lives in its own file with a `register`
 * function, imported lazily so `--help` stays fast. Exit codes: 0 ok, 1 data error,
 * 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { TalentflowError } from '../errors.ts';
import { VERSION } from '../study/version.ts';

const COMMANDS = ['./ingest.ts', './validate.ts', './run.ts', './demo.ts', './synth.ts', './taxonomy.ts', './ingest-survey.ts', './demo-real.ts', './serve.ts'];

async function main(argv: string[]): Promise<number> {
  const program = new Command('talentflow')
    .description('measure the market for AI talent from workforce-profile data')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const path of COMMANDS) {
    // A command file exports `register` and possibly more `register*` functions.
    const mod = (await import(path)) as Record<string, unknown>;
    for (const [name, f] of Object.entries(mod))
      if (name.startsWith('register') && typeof f === 'function') (f as (p: Command) => void)(program);
  }
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof TalentflowError) {
      process.stderr.write(`talentflow: ${e.message}\n`);
      if (process.env.TALENTFLOW_DEBUG && e.cause) console.error(e.cause);
      return e.exitCode;
    }
    process.stderr.write(`talentflow: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
