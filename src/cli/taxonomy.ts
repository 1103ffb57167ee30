/**
 * `talentflow taxonomy list | show <preset|file> | match "<skill text>"`: inspect the
 * AI-skill presets and see exactly how a skill text is normalised and matched. The text
 * of each is built in taxonomy-text.ts.
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
    .description('explain how a skill text is normalised and matched')
    .argument('<text>', 'skill text as written in a profile')
    .option('--taxonomy <preset|file>', 'preset name or taxonomy file', 'bok12')
    .option('--format <format>', 'text or json', 'text')
    .action(async (skill: string, o: { taxonomy?: string; format?: string }) => {
      process.stdout.write((await text()).taxonomyMatch(skill, o));
    });
}
