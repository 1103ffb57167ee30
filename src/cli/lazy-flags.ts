/**
 * The study flags (`study-options.ts`) are validated with zod, which takes about a third of
 * the CLI's start-up to load, so they are added to `run` and `demo` only when one of them
 * is the command being run (or asked for with `help`), never for `talentflow --help`.
 */
import type { Command } from 'commander';

const STUDY = new WeakSet<Command>();

/** Mark a command as taking the study flags; `addStudyFlagsFor` adds them when it runs. */
export function takesStudyFlags(cmd: Command): Command {
  STUDY.add(cmd);
  return cmd;
}

/**
 * Add the study flags to the command that `argv` invokes (`talentflow run …`, `talentflow
 * help run`), when it takes them. Top-level options are only --help and --version, so the
 * first operand names the command.
 */
export async function addStudyFlagsFor(program: Command, argv: readonly string[]): Promise<void> {
  const operands = argv.slice(2).filter((a) => !a.startsWith('-'));
  const name = operands[0] === 'help' ? operands[1] : operands[0];
  const cmd = program.commands.find((c) => c.name() === name);
  if (cmd && STUDY.has(cmd)) (await import('./study-options.ts')).addStudyFlags(cmd);
}
