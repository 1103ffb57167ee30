/**
 * The classify and measure stages of a run, as declarations: what each needs and
 * produces (database tables, output tables: named by their `src/contract` schema) and
 * which options its result depends on.
 * `STUDY_GRAPH` orders and runs them (`./graph.ts`). A stage is one entry here; its work
 * lives in `src/taxonomy` or `src/measure/<indicator>`.
 */
import { classify } from '../taxonomy/classify.ts';
import { loadTaxonomy } from '../taxonomy/match.ts';
import { buildOrigins } from '../measure/origin/index.ts';
import { buildPanel } from '../measure/panel/index.ts';
import { buildBootstrap } from '../measure/bootstrap/index.ts';
import { measureHeadcount } from '../measure/headcount/index.ts';
import { measureFlows } from '../measure/flows/index.ts';
import { measureAbroad } from '../measure/abroad/index.ts';
import { measureMobility } from '../measure/mobility/index.ts';
import { measureComposition } from '../measure/composition/index.ts';
import { measurePremium } from '../measure/premium/index.ts';
import { measurePremiumNewHires } from '../measure/premium/new-hires.ts';
import { measureAbroadGap } from '../measure/abroad-gap/index.ts';
import { measureDecomposition } from '../measure/decomposition/index.ts';
import { measureLink } from '../measure/link/index.ts';
import { measureSensitivity } from '../measure/sensitivity/index.ts';
import {
  ABROAD, ABROAD_GAP, ABROAD_SHARE, BILATERAL_FLOWS, COMPOSITION, DECOMPOSITION, FLOWS, HEADCOUNT, LINK, LINK_INFLUENCE, MOBILITY, PREMIUM,
  PREMIUM_BY_SENIORITY, PREMIUM_NEW_HIRES, RANKS, SENSITIVITY,
} from '../contract/index.ts';
import { StageGraph, type Stage } from './graph.ts';

export type { Stage } from './graph.ts';

/** The tables ingest writes (ARCHITECTURE.md), which the stages start from. */
export const SOURCE_TABLES = [
  'user_keys', 'positions', 'users', 'education', 'skills', 'companies', 'rejects', 'columns_present', 'ingest_stats',
] as const;

/** The tables of the year-end panel (`buildOrigins` + `buildPanel`), read by the stock indicators. */
const PANEL = ['panel_core', 'panel_country'];

/** The bootstrap's units and multipliers (`buildBootstrap`), read by the measures with intervals. */
const BOOT = ['boot_units', 'boot_multipliers'];

/** The stages of `talentflow run`, in their listed (and run) order. */
export const STAGES: Stage[] = [
  {
    name: 'classify',
    needs: { tables: ['skills', 'users'] },
    produces: { tables: ['ai_skills', 'users_ai'] },
    options: ['taxonomy', 'minAiSkills', 'skillColumn', 'skillDating'],
    years: false,
    run: async ({ db, options }) => {
      await classify(db, {
        taxonomy: loadTaxonomy(options.taxonomy), minAiSkills: options.minAiSkills, skillColumn: options.skillColumn, dating: options.skillDating,
      });
      return [];
    },
  },
  {
    name: 'panel',
    needs: { tables: ['positions', 'users', 'education', 'columns_present', 'users_ai'] },
    produces: { tables: ['origins', 'panel_codes', 'panel_country', 'panel_user', 'panel_core', 'panel', 'panel_pos', 'job_changes'] },
    options: ['originRule', 'roleColumn', 'industryColumn', 'skillDating'],
    years: true,
    run: async (ctx) => {
      await buildOrigins(ctx);
      await buildPanel(ctx);
      return [];
    },
  },
  {
    name: 'bootstrap',
    needs: { tables: ['positions'] },
    produces: { tables: BOOT },
    options: ['bootstrap', 'bootstrapSeed'],
    years: false,
    run: async (ctx) => {
      await buildBootstrap(ctx);
      return [];
    },
  },
  {
    name: 'headcount',
    needs: { tables: ['positions', ...PANEL, ...BOOT] },
    produces: { outputs: [HEADCOUNT.name, RANKS.name] },
    options: ['minCell', 'bootstrap', 'bootstrapSeed'],
    years: true,
    run: (ctx) => measureHeadcount(ctx),
  },
  {
    name: 'flows',
    needs: { tables: ['positions', 'job_changes', 'users_ai', ...BOOT] },
    produces: { outputs: [FLOWS.name, BILATERAL_FLOWS.name] },
    options: ['minCell', 'bootstrap', 'bootstrapSeed'],
    years: true,
    run: (ctx) => measureFlows(ctx),
  },
  {
    name: 'abroad',
    needs: { tables: ['positions', 'origins', ...PANEL, ...BOOT] },
    produces: { outputs: [ABROAD.name, ABROAD_SHARE.name] },
    options: ['minCell', 'bootstrap', 'bootstrapSeed'],
    years: true,
    run: (ctx) => measureAbroad(ctx),
  },
  {
    name: 'mobility',
    needs: { tables: ['positions', 'companies', 'columns_present', 'job_changes', 'users_ai', 'panel_user', ...PANEL] },
    produces: { outputs: [MOBILITY.name] },
    options: ['minCell', 'foreignBy', 'skillDating'],
    years: true,
    run: (ctx) => measureMobility(ctx),
  },
  {
    name: 'composition',
    needs: { tables: ['education', 'ai_skills', 'panel_codes', 'panel_user', 'panel_core'] },
    produces: { outputs: [COMPOSITION.name] },
    options: ['minCell'],
    years: true,
    run: (ctx) => measureComposition(ctx),
  },
  {
    name: 'premium',
    needs: { tables: ['panel', 'ai_skills'] },
    produces: { outputs: [PREMIUM.name, PREMIUM_BY_SENIORITY.name] },
    options: ['premiumControls', 'weighted', 'vcov', 'minCell', 'focus', 'premiumSkills', 'skillDating'],
    years: true,
    run: (ctx) => measurePremium(ctx, { skills: ctx.options.premiumSkills }),
  },
  {
    name: 'premium_new_hires',
    needs: { tables: ['panel'] },
    produces: { outputs: [PREMIUM_NEW_HIRES.name] },
    options: ['premiumControls', 'weighted', 'vcov', 'ssc', 'minCell'],
    years: true,
    run: (ctx) => measurePremiumNewHires(ctx),
  },
  {
    name: 'decomposition',
    needs: { tables: ['panel'], outputs: [PREMIUM.name] },
    produces: { outputs: [DECOMPOSITION.name] },
    options: ['premiumControls', 'weighted', 'vcov', 'ssc', 'minCell'],
    years: true,
    run: (ctx, inputs) => measureDecomposition(ctx, inputs.output(PREMIUM.name)),
  },
  {
    name: 'abroad_gap',
    needs: { tables: ['panel', 'positions', 'panel_codes', 'columns_present'] },
    produces: { outputs: [ABROAD_GAP.name] },
    options: ['minCell', 'weighted', 'ssc', 'roleColumn'],
    years: true,
    run: (ctx) => measureAbroadGap(ctx),
  },
  {
    name: 'link',
    needs: { outputs: [PREMIUM.name, ABROAD_SHARE.name] },
    produces: { outputs: [LINK.name, LINK_INFLUENCE.name] },
    options: ['minAiN', 'focus'],
    years: false,
    run: (ctx, inputs) => measureLink(ctx, inputs.output(PREMIUM.name), inputs.output(ABROAD_SHARE.name)),
  },
  {
    name: 'sensitivity',
    needs: { tables: ['skills', 'users', 'panel', 'job_changes'] },
    produces: { outputs: [SENSITIVITY.name] },
    options: ['taxonomy', 'skillColumn', 'skillDating', 'focus', 'minCell'],
    years: true,
    enabled: (options) => options.sensitivity,
    run: (ctx) => measureSensitivity(ctx),
  },
];

/** The study's stage graph (validated when this module loads). */
export const STUDY_GRAPH = new StageGraph(STAGES, SOURCE_TABLES);
