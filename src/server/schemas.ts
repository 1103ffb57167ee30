/**
 * Query-parameter schemas of the JSON API (zod, strict: an unknown parameter is an error).
 */
import { z } from 'zod';

const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals, e.g. KR');
const year = z
  .string()
  .regex(/^(\d{4}|pooled)$/, 'must be a four-digit year or "pooled"')
  .transform((v) => (v === 'pooled' ? ('pooled' as const) : Number(v)));
const intYear = z
  .string()
  .regex(/^\d{4}$/, 'must be a four-digit year')
  .transform(Number);
const text = z.string().min(1).max(80).regex(/^[\p{L}\p{N} _.'()-]+$/u, 'contains characters that are not allowed');

/** `/api/tables/:name` query. */
export const TableQuery = z
  .object({
    country: country.optional(),
    origin: country.optional(),
    destination: country.optional(),
    year: year.optional(),
    group: z.enum(['ai', 'non_ai']).optional(),
    skill: text.optional(),
    dimension: text.optional(),
    measure: text.optional(),
    limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(100000)).optional(),
    offset: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).optional(),
  })
  .strict();

/** `/api/charts/:id` query. */
export const ChartQuery = z
  .object({
    country: country.optional(),
    year: intYear.optional(),
    lang: z.enum(['en', 'ko']).optional(),
    scenario: z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number').transform(Number).pipe(z.number().min(-50).max(200)).optional(),
  })
  .strict();

/** `/api/scenario` query. */
export const ScenarioQuery = z
  .object({
    premium: z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number (percent)').transform(Number).pipe(z.number().min(-50).max(200)),
    year: intYear.optional(),
    country: country.optional(),
  })
  .strict();

/** Human-readable messages of a zod error: `param: message`. */
export function issues(err: z.ZodError): string[] {
  return err.issues.map((i) => {
    const path = i.path.join('.');
    if (i.code === 'unrecognized_keys') return `unknown parameter(s): ${i.keys.join(', ')}`;
    return path ? `${path}: ${i.message}` : i.message;
  });
}
