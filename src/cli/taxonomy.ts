/**
 * `talentflow taxonomy list | show <preset|file> | match "<skill text>" | match --file FILE`:
 * inspect the AI-skill presets and see exactly how a skill text (or every line of a file) is
 * normalised and matched. The text of each is built in taxonomy-text.ts.
 */
import type { Command } from 'commander';

/** The command's text functions, loaded when a subcommand runs (the matcher loads zod). */
const text = () => import('./taxonomy-text.ts');

/** Add the `taxonomy` command and its subcommands to the program. */
export function register(program: Command): void {
  const cmd = program.command('taxonomy').description('AI-skill taxonomies: list presets, show one, explain a match');
  cmd
    .command('list')
    .description('list the taxonomy presets')
    .option('--format <format>', 'text or json', 'text')
    .action(async (o: { format?: string }) => {
      process.stdout.write((await text()).taxonomyList(o));
    });
  cmd
    .command('show')
    .description('show the skills and aliases of a preset or a taxonomy file')
    .argument('<preset|file>', 'preset name (bok12, linkedin, oecd, so-ml) or path to a JSON taxonomy file')
    .option('--format <format>', 'text or json', 'text')
    .action(async (p: string, o: { format?: string }) => {
      process.stdout.write((await text()).taxonomyShow(p, o));
    });
  cmd
    .command('match')
    .description('explain how a skill text is normalised and matched; --file matches one text a line')
    .argument('[text]', 'skill text as written in a profile')
    .option('--file <file>', 'match every line of a UTF-8 file (- for stdin): one row per line, in order')
    .option('--taxonomy <preset|file>', 'preset name or taxonomy file', 'bok12')
    .option('--format <format>', 'text or json; with --file also csv', 'text')
    .action(async (skill: string | undefined, o: { file?: string; taxonomy?: string; format?: string }) => {
      const t = await text();
      if (skill !== undefined && o.file !== undefined) {
        throw new t.MatchInputError('taxonomy match takes a text or --file, not both; put the text in the file');
      }
      if (o.file !== undefined) process.stdout.write(await t.taxonomyMatchFile(o.file, o));
      else if (skill !== undefined) process.stdout.write(t.taxonomyMatch(skill, o));
      else throw new t.MatchInputError('taxonomy match needs a text, or --file FILE (- for stdin) with one text a line');
    });
}
