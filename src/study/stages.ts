/**
 * The classify and measure stages of a run, in order. Each takes the study context and
 * the tables produced so far and returns its output tables (possibly none). A stage is
 * one line here; its work lives in `src/taxonomy` or `src/measure/<indicator>`.
 */
import type { OutputTable } from '../output/table.ts';
import type { StudyContext } from './context.ts';
import { classify } from '../taxonomy/classify.ts';
import { loadTaxonomy } from '../taxonomy/match.ts';
import { buildOrigins } from '../measure/origin/index.ts';
import { buildPanel } from '../measure/panel/index.ts';
import { measureHeadcount } from '../measure/headcount/index.ts';
import { measureFlows } from '../measure/flows/index.ts';
import { measureAbroad } from '../measure/abroad/index.ts';
import { measureMobility } from '../measure/mobility/index.ts';
import { measureComposition } from '../measure/composition/index.ts';
import { measurePremium } from '../measure/premium/index.ts';
import { measureAbroadGap } from '../measure/abroad-gap/index.ts';
import { measureLink } from '../measure/link/index.ts';
import { measureSensitivity } from '../measure/sensitivity/index.ts';

/** One step of the pipeline after ingest. */
export interface Stage {
  name: string;
  run(ctx: StudyContext, done: Map<string, OutputTable>): Promise<OutputTable[]>;
}

function need(done: Map<string, OutputTable>, name: string): OutputTable {
  const t = done.get(name);
  if (!t) throw new Error(`internal: stage order — table "${name}" is needed before it is built`);
  return t;
}

/** The stages of `talentflow run`, in execution order. */
export const STAGES: Stage[] = [
  {
    name: 'classify',
    run: async ({ db, options }) => {
      await classify(db, { taxonomy: loadTaxonomy(options.taxonomy), minAiSkills: options.minAiSkills, skillColumn: options.skillColumn });
      return [];
    },
  },
  {
    name: 'panel',
    run: async (ctx) => {
      await buildOrigins(ctx);
      await buildPanel(ctx);
      return [];
    },
  },
  { name: 'headcount', run: (ctx) => measureHeadcount(ctx) },
  { name: 'flows', run: (ctx) => measureFlows(ctx) },
  { name: 'abroad', run: (ctx) => measureAbroad(ctx) },
  { name: 'mobility', run: (ctx) => measureMobility(ctx) },
  { name: 'composition', run: (ctx) => measureComposition(ctx) },
  { name: 'premium', run: (ctx) => measurePremium(ctx, { skills: ctx.options.premiumSkills }) },
  { name: 'abroad_gap', run: (ctx) => measureAbroadGap(ctx) },
  { name: 'link', run: (ctx, done) => measureLink(ctx, need(done, 'premium'), need(done, 'abroad_share')) },
  { name: 'sensitivity', run: (ctx) => (ctx.options.sensitivity ? measureSensitivity(ctx) : Promise.resolve([])) },
];
