/**
 * Study options: every choice of `../docs/methods.md` that a user can change, with the
 * spec's defaults. Validated with zod at the boundary (CLI, API, tests).
 */
import { z } from 'zod';

export const VCOV = ['cluster', 'hetero', 'iid'] as const;
/** Small-sample corrections of the regression variances (docs/methods.md). */
export const SSC = ['stata', 'nested'] as const;
/** When a user counts as AI-skilled (docs/methods.md): for the whole career, or from the skill's `first_reported` date. */
export const SKILL_DATING = ['timeless', 'first-reported'] as const;
export const ORIGIN_RULES = ['first-education', 'first-position', 'bachelor', 'modal'] as const;
/** Fixed effects of the premium model (docs/methods.md), in the model's order. */
export const PREMIUM_CONTROLS = ['seniority', 'role', 'industry', 'highest_degree', 'start_year'] as const;
/** What makes a job change foreign (mobility's foreign job-change share): the new position's country or its employer's headquarters. */
export const FOREIGN_BY = ['location', 'employer'] as const;

export const StudyOptionsSchema = z.object({
  /** Taxonomy preset name (`bok12`, `linkedin`, `oecd`, `so-ml`) or path to a preset file. */
  taxonomy: z.string().min(1).default('bok12'),
  /** Minimum distinct AI skills for a user to count as AI-skilled. */
  minAiSkills: z.number().int().min(1).default(1),
  /** Skills column to match: `skill_raw` or a mapped column such as `skill_k15000`. */
  skillColumn: z.string().regex(/^skill_[a-z0-9_]+$/i).default('skill_raw'),
  /**
   * AI status over time: `timeless` (an AI-skilled user is AI in every year) or
   * `first-reported` (from the `first_reported` date of the min_ai_skills-th AI skill).
   */
  skillDating: z.enum(SKILL_DATING).default('timeless'),
  /** Origin (nationality proxy) rule. */
  originRule: z.enum(ORIGIN_RULES).default('first-education'),
  /** Role column for the premium model; default: the first present of the spec's list. */
  roleColumn: z.string().optional(),
  /** Industry column for the premium model; default: `rics_k50`, then `naics_code`. */
  industryColumn: z.string().optional(),
  /**
   * Fixed effects of the premium models (experience and its square are always in):
   * default all five of the spec; a subset drops the others.
   */
  premiumControls: z.array(z.enum(PREMIUM_CONTROLS)).default([...PREMIUM_CONTROLS]),
  /** Weight premium regressions by `weight`. */
  weighted: z.boolean().default(false),
  /** Variance of the premium models. */
  vcov: z.enum(VCOV).default('cluster'),
  /**
   * Small-sample correction of the premium and abroad-gap variances: `stata` (every
   * fixed-effect dummy in K) or `nested` (dummies of effects nested in a cluster left out, as fixest).
   */
  ssc: z.enum(SSC).default('stata'),
  /**
   * Foreign job change: the new position is in another country (`location`) or the new
   * employer's `company_mapping.hq_country` is another country (`employer`).
   */
  foreignBy: z.enum(FOREIGN_BY).default('location'),
  /** Smallest published person count; 0 turns suppression off. */
  minCell: z.number().int().min(0).default(10),
  /** Disclosure control: `complete` (primary + complementary cells) or `primary` only (internal work). */
  suppression: z.enum(['complete', 'primary']).default('complete'),
  /** Minimum AI users in a premium sample for a country to enter the premium–mobility link. */
  minAiN: z.number().int().min(0).default(100),
  /** Years measured (inclusive); default: the span of the data. */
  yearFrom: z.number().int().min(1900).max(2100).optional(),
  yearTo: z.number().int().min(1900).max(2100).optional(),
  /** Focus country of the report (ISO alpha-2). */
  focus: z.string().regex(/^[A-Z]{2}$/).default('KR'),
  /** Report language. */
  lang: z.enum(['en', 'ko']).default('en'),
  /**
   * Skill premiums: for every year and pooled (`years`), pooled over years only
   * (`pooled`), none, or `auto` (every year while the stacked design is small enough).
   */
  premiumSkills: z.enum(['auto', 'years', 'pooled', 'none']).default('auto'),
  /**
   * Poisson-bootstrap replicates behind the 95% intervals of weighted headcounts, shares
   * abroad and net flows; 0 turns the intervals off (their columns stay blank).
   */
  bootstrap: z.number().int().min(0).max(100_000).default(200),
  /** Seed of the bootstrap's multipliers (a 32-bit unsigned integer). */
  bootstrapSeed: z.number().int().min(0).max(0xffffffff).default(0),
  /** Add the sensitivity table (presets × min-ai-skills 1, 2). */
  sensitivity: z.boolean().default(false),
});

/** Validated study options. */
export type StudyOptions = z.infer<typeof StudyOptionsSchema>;

/** Parse options, filling defaults. Throws a zod error on invalid input. */
export function studyOptions(input: Partial<StudyOptions> = {}): StudyOptions {
  return StudyOptionsSchema.parse(input);
}
