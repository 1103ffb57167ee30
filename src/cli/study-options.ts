/**
 * The study options as command-line flags (shared by `run`, `demo` and `serve`), parsed
 * into validated `StudyOptions`.
 */
import { Command, Option } from 'commander';
import { ZodError } from 'zod';
import { studyOptions, VCOV, SSC, SKILL_DATING, ORIGIN_RULES, PREMIUM_CONTROLS, FOREIGN_BY, type StudyOptions } from '../study/options.ts';
import { UsageError } from '../errors.ts';

/** Add the study flags to a command. */
export function addStudyFlags(cmd: Command): Command {
  return cmd
    .option('--taxonomy <preset|file>', 'AI-skill taxonomy preset (bok12, linkedin, oecd, so-ml) or a preset JSON file', 'bok12')
    .option('--min-ai-skills <n>', 'distinct AI skills needed to count as AI-skilled', '1')
    .option('--skill-column <col>', 'skills column to match (skill_raw or a mapped skill_* column)', 'skill_raw')
    .addOption(new Option('--skill-dating <rule>', 'AI status over time: timeless (AI-skilled users are AI in every year) or first-reported (from the first_reported date of the --min-ai-skills-th AI skill)').choices([...SKILL_DATING]).default('timeless'))
    .addOption(new Option('--origin-rule <rule>', 'origin (nationality proxy) rule').choices([...ORIGIN_RULES]).default('first-education'))
    .option('--role-column <col>', 'occupation column of the premium model (default: first of role_k150, role_k50, role_k1500, role_k17000_v3, onet_code)')
    .option('--industry-column <col>', 'industry column of the premium model (default: rics_k50, then naics_code)')
    .option('--controls <list>', `fixed effects of the premium models, comma-separated subset of ${PREMIUM_CONTROLS.join(',')} (experience and its square are always in)`, PREMIUM_CONTROLS.join(','))
    .option('--weighted', 'weight premium regressions by the sample weight', false)
    .addOption(new Option('--vcov <type>', 'variance of the premium models').choices([...VCOV]).default('cluster'))
    .addOption(new Option('--ssc <rule>', 'small-sample correction of the premium and abroad-gap variances: stata (every fixed-effect dummy counted) or nested (as fixest)').choices([...SSC]).default('stata'))
    .addOption(new Option('--foreign-by <rule>', 'a job change is foreign when the new position is abroad (location) or the new employer is headquartered abroad (employer: needs company_mapping.hq_country)').choices([...FOREIGN_BY]).default('location'))
    .option('--min-cell <n>', 'suppress person counts below n (0 = off)', '10')
    .addOption(new Option('--suppression <mode>', 'disclosure control: complete (small counts and the cells that would give them back) or primary (small counts only, for internal work)').choices(['complete', 'primary']).default('complete'))
    .option('--min-ai-n <n>', 'AI users a country needs in the premium sample to enter the premium–mobility link', '100')
    .option('--from <year>', 'first year measured (default: first year in the data)')
    .option('--to <year>', 'last year measured (default: last year in the data)')
    .option('--focus <country>', 'focus country of the report (ISO alpha-2)', 'KR')
    .addOption(new Option('--lang <lang>', 'report language').choices(['en', 'ko']).default('en'))
    .addOption(
      new Option('--premium-skills <mode>', 'skill premiums for every year and pooled, pooled only, or none (auto: every year while the design is small, else every year for the focus country and pooled for all)')
        .choices(['auto', 'years', 'pooled', 'none'])
        .default('auto'),
    )
    .option('--bootstrap <n>', 'Poisson-bootstrap replicates for the 95% intervals of weighted headcounts, shares abroad and net flows (0 = off)', '200')
    .option('--bootstrap-seed <s>', 'seed of the bootstrap multipliers, 0..4294967295', '0')
    .option('--sensitivity', 'add the sensitivity table (presets × --min-ai-skills 1 and 2)', false)
    .option('--real <dir>', 'add a real-data study folder (written by `talentflow demo-real`) to the report')
    .option('--country-aliases <file>', 'extra country spellings: JSON { "aliases": { "Name": "XX" } }')
    .option('--encoding <label>', 'encoding of the CSV files when not UTF-8 (e.g. euc-kr, which also reads CP949; shift_jis, windows-1252): transcoded while reading');
}

function int(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be a whole number, got "${String(v)}"`);
  return n;
}

function controls(v: unknown): StudyOptions['premiumControls'] | undefined {
  if (v === undefined) return undefined;
  const list = String(v).split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !(PREMIUM_CONTROLS as readonly string[]).includes(x));
  if (bad.length) throw new UsageError(`--controls: unknown control ${bad.join(', ')}; choose from ${PREMIUM_CONTROLS.join(', ')}`);
  return [...new Set(list)] as StudyOptions['premiumControls'];
}

/** Parse the flags of `addStudyFlags` into validated options. */
export function parseStudyFlags(o: Record<string, unknown>): StudyOptions {
  try {
    return studyOptions({
      taxonomy: o.taxonomy as string,
      minAiSkills: int('min-ai-skills', o.minAiSkills),
      skillColumn: (o.skillColumn as string)?.toLowerCase(),
      skillDating: o.skillDating as StudyOptions['skillDating'],
      originRule: o.originRule as StudyOptions['originRule'],
      roleColumn: (o.roleColumn as string | undefined)?.toLowerCase(),
      industryColumn: (o.industryColumn as string | undefined)?.toLowerCase(),
      premiumControls: controls(o.controls),
      weighted: Boolean(o.weighted),
      vcov: o.vcov as StudyOptions['vcov'],
      ssc: o.ssc as StudyOptions['ssc'],
      foreignBy: o.foreignBy as StudyOptions['foreignBy'],
      minCell: int('min-cell', o.minCell),
      suppression: o.suppression as StudyOptions['suppression'],
      minAiN: int('min-ai-n', o.minAiN),
      yearFrom: int('from', o.from),
      yearTo: int('to', o.to),
      focus: String(o.focus ?? 'KR').toUpperCase(),
      lang: o.lang as StudyOptions['lang'],
      premiumSkills: o.premiumSkills as StudyOptions['premiumSkills'],
      bootstrap: int('bootstrap', o.bootstrap),
      bootstrapSeed: int('bootstrap-seed', o.bootstrapSeed),
      sensitivity: Boolean(o.sensitivity),
    });
  } catch (e) {
    if (e instanceof ZodError) {
      const msg = e.issues.map((i) => `--${i.path.join('.').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`).join('; ');
      throw new UsageError(`invalid option: ${msg}`);
    }
    throw e;
  }
}
