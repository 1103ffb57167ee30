import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Db, sql } from '../../db/index.ts';
import { ingestStackOverflow, soUserId } from './stackoverflow.ts';
import { ingestAijobs, AIJOBS_SENIORITY } from './aijobs.ts';
import { classifyTitle } from './titles.ts';
import { MissingCompensationError, UnknownSurveySchemaError } from './errors.ts';
import { detectSoYear } from './so-schema.ts';
import { parseYears, seniorityFromYears, degreeFromEdLevel, currencyCode, SurveyCountryMapper } from './parse.ts';
import { loadPppTables, applyPpp, toPpp } from './ppp.ts';
import { parseCsv } from '../../output/csv.ts';

const FIX = fileURLToPath(new URL('../../../test/fixtures/surveys/', import.meta.url));
const fx = (f: string) => join(FIX, f);

/** Parse a small CSV written by the adapter (no embedded newlines in these columns). */
function readCsv(path: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return rows.map((r) => Object.fromEntries(r.map((v, i) => [head![i]!, v])));
}

async function ingestFixture(file: string, opts: { year?: number; ppp?: boolean } = {}) {
  const out = join(mkdtempSync(join(tmpdir(), 'tf-survey-test-')), 'out');
  const summary = await ingestStackOverflow({ file: file.startsWith('/') ? file : fx(file), out, ...opts });
  const read = (f: string) => readCsv(join(out, f));
  const positions = read('individual_positions.csv');
  const byId = new Map(positions.map((p) => [p.user_id!, p]));
  const skills = read('individual_user_skills.csv');
  const users = read('individual_user.csv');
  const rejects = read('survey_rejects.csv');
  const meta = JSON.parse(readFileSync(join(out, 'survey.json'), 'utf8')) as Record<string, unknown>;
  const cleanup = () => rmSync(join(out, '..'), { recursive: true, force: true });
  return { summary, positions, byId, skills, users, rejects, meta, cleanup };
}

const skillsOf = (skills: Record<string, string>[], id: string) => skills.filter((s) => s.user_id === id).map((s) => s.skill_raw);

test('2017 (hand-made, published schema): Salary, YearsCodedJob bands, DeveloperType markers, non-country dropped', async () => {
  const r = await ingestFixture('so2017-handmade.csv');
  try {
    assert.equal(r.meta.year, 2017);
    assert.equal(r.positions.length, 3, 'the "I prefer not to say" respondent is dropped');
    assert.deepEqual(r.rejects.map((x) => x.reason), ['not_a_country']);
    const us = r.byId.get('so2017-000001')!;
    assert.equal(us.country, 'US');
    assert.equal(Number(us.salary), 120000);
    assert.equal(Number(us.years_exp), 9.5);
    assert.equal(us.seniority, '3');
    assert.equal(us.remote_work, 'Never');
    assert.equal(r.byId.get('so2017-000002')!.country, 'GB');
    assert.equal(r.byId.get('so2017-000004')!.seniority, '6');
    assert.ok(skillsOf(r.skills, 'so2017-000001').includes('DevType: Machine learning specialist'));
    assert.ok(skillsOf(r.skills, 'so2017-000001').includes('Spark'));
    assert.equal(r.users.find((u) => u.user_id === 'so2017-000004')!.highest_degree, 'Doctor');
  } finally {
    r.cleanup();
  }
});

test('2018 (hand-made): ConvertedSalary, YearsCodingProf bands, FrameworkWorkedWith; zero salary is blank and reported', async () => {
  const r = await ingestFixture('so2018-handmade.csv');
  try {
    assert.equal(r.meta.year, 2018);
    assert.equal(r.positions.length, 3);
    assert.equal(Number(r.byId.get('so2018-000001')!.salary), 110000);
    assert.equal(Number(r.byId.get('so2018-000001')!.years_exp), 4);
    assert.equal(r.byId.get('so2018-000002')!.country, 'DE');
    assert.equal(r.byId.get('so2018-000003')!.salary, '', 'a salary of 0 is not a salary');
    assert.deepEqual(r.rejects.map((x) => x.reason).sort(), ['bad_compensation', 'not_a_country']);
    assert.ok(skillsOf(r.skills, 'so2018-000001').includes('Torch/PyTorch'));
    assert.equal(r.byId.get('so2018-000001')!.role_k50, 'Data scientist or machine learning specialist');
  } finally {
    r.cleanup();
  }
});

test('2019 (hand-made): ConvertedComp, YearsCodePro "Less than 1 year", WorkRemote, MiscTechWorkedWith', async () => {
  const r = await ingestFixture('so2019-handmade.csv');
  try {
    assert.equal(r.meta.year, 2019);
    assert.equal(r.positions.length, 2, 'Nomadic is not a country');
    assert.equal(Number(r.byId.get('so2019-000002')!.years_exp), 0.5);
    assert.equal(r.byId.get('so2019-000002')!.country, 'IN');
    assert.equal(Number(r.byId.get('so2019-000002')!.salary), 8400);
    assert.ok(skillsOf(r.skills, 'so2019-000001').includes('TensorFlow'));
    assert.equal(r.users.find((u) => u.user_id === 'so2019-000001')!.highest_degree, 'Master');
  } finally {
    r.cleanup();
  }
});

test('2020 (hand-made): NEWDevOps marks 2020; "More than 50 years"; no remote column is reported as lacking', async () => {
  const r = await ingestFixture('so2020-handmade.csv');
  try {
    assert.equal(r.meta.year, 2020);
    assert.deepEqual(r.meta.evidence, ['NEWDevOps', 'NEWLearn', 'WebframeWorkedWith']);
    assert.equal(Number(r.byId.get('so2020-000002')!.years_exp), 50);
    assert.equal(r.byId.get('so2020-000003')!.country, 'RU');
    assert.ok((r.meta.lacks as string[]).includes('remote work'));
    assert.ok(skillsOf(r.skills, 'so2020-000001').includes('Keras'));
  } finally {
    r.cleanup();
  }
});

test('2021 (hand-made): ConvertedCompYearly + US_State; long country names; empty compensation kept as a person', async () => {
  const r = await ingestFixture('so2021-handmade.csv');
  try {
    assert.equal(r.meta.year, 2021);
    assert.equal(r.byId.get('so2021-000001')!.country, 'US');
    assert.equal(r.byId.get('so2021-000002')!.country, 'GB');
    assert.equal(r.byId.get('so2021-000003')!.country, 'IR');
    assert.equal(r.byId.get('so2021-000003')!.salary, '');
    assert.ok(skillsOf(r.skills, 'so2021-000001').includes('Hugging Face Transformers'));
  } finally {
    r.cleanup();
  }
});

test('2022 (hand-made): RemoteWork, Blockchain marker; negative compensation rejected', async () => {
  const r = await ingestFixture('so2022-handmade.csv');
  try {
    assert.equal(r.meta.year, 2022);
    assert.equal(r.byId.get('so2022-000001')!.remote_work, 'Fully remote');
    assert.equal(r.byId.get('so2022-000003')!.salary, '');
    assert.deepEqual(r.rejects.map((x) => [x.reason, x.value]), [['bad_compensation', '-5']]);
    assert.equal(r.users.find((u) => u.user_id === 'so2022-000003')!.highest_degree, '');
  } finally {
    r.cleanup();
  }
});

test('2023 (hand-made): AISearchHaveWorkedWith marks 2023; Industry; quoted comma and newline parsed; HK and KR spellings', async () => {
  const r = await ingestFixture('so2023-handmade.csv');
  try {
    assert.equal(r.meta.year, 2023);
    assert.equal(r.positions.length, 3);
    assert.equal(r.byId.get('so2023-000002')!.country, 'HK');
    assert.equal(r.byId.get('so2023-000003')!.country, 'KR');
    assert.equal(Number(r.byId.get('so2023-000003')!.salary), 30500);
    assert.equal(r.byId.get('so2023-000001')!.rics_k50, 'Information Services, IT, Software Development, or other Technology');
    assert.equal(r.users.find((u) => u.user_id === 'so2023-000001')!.highest_degree, 'Doctor');
  } finally {
    r.cleanup();
  }
});

test('2024 (real excerpt): year from AI columns, country spellings, Nomadic dropped; bz2 and zip read the same', async () => {
  const r = await ingestFixture('so2024-excerpt.csv');
  const b = await ingestFixture('so2024-excerpt.csv.bz2');
  const z = await ingestFixture('so2024-excerpt.zip');
  try {
    assert.equal(r.meta.year, 2024);
    assert.equal(r.summary.rowsRead, 28);
    assert.equal(r.positions.length, 27);
    assert.deepEqual(r.rejects.map((x) => [x.reason, x.value]), [['not_a_country', 'Nomadic']]);
    assert.equal(r.byId.get('so2024-000393')!.country, 'GB');
    assert.equal(Number(r.byId.get('so2024-000393')!.salary), 161044);
    assert.equal(Number(r.byId.get('so2024-000393')!.years_exp), 18);
    assert.equal(r.byId.get('so2024-010104')!.country, 'HK');
    assert.equal(r.byId.get('so2024-010142')!.country, 'KR');
    assert.equal(r.byId.get('so2024-010305')!.country, 'IR');
    assert.ok(skillsOf(r.skills, 'so2024-003595').includes('DevType: Data scientist or machine learning specialist'));
    assert.deepEqual(b.positions, r.positions);
    assert.deepEqual(z.positions, r.positions);
    assert.equal(z.meta.member, 'survey_results_public.csv');
  } finally {
    r.cleanup();
    b.cleanup();
    z.cleanup();
  }
});

test('2025 (real excerpt): no framework columns, WorkExp as experience, AI developer types and model columns', async () => {
  const r = await ingestFixture('so2025-excerpt.csv');
  try {
    assert.equal(r.meta.year, 2025);
    assert.equal(r.meta.experience_column, 'WorkExp');
    assert.ok(!(r.meta.columns as { tech: string[] }).tech.some((c) => /MiscTech|Framework/.test(c)));
    assert.equal(Number(r.byId.get('so2025-000046')!.years_exp), 20);
    assert.equal(r.byId.get('so2025-000014')!.salary, '', '"NA" is no compensation');
    const s139 = skillsOf(r.skills, 'so2025-000139');
    assert.ok(s139.includes('DevType: AI/ML engineer'));
    assert.ok(s139.includes('Anthropic: Claude Sonnet'));
    assert.ok(!r.skills.some((s) => s.skill_raw === 'NA'));
  } finally {
    r.cleanup();
  }
});

test('a file without the compensation column is a clear error naming the file, the year and the columns', async () => {
  await assert.rejects(ingestFixture('so2019-no-comp.csv'), (e: unknown) => {
    assert.ok(e instanceof MissingCompensationError);
    assert.match(e.message, /so2019-no-comp\.csv/);
    assert.match(e.message, /survey 2019/);
    assert.match(e.message, /"ConvertedComp"/);
    assert.equal(e.exitCode, 1);
    return true;
  });
});

test('a cut-down file whose columns fit several years needs --year (real 2024 compensation subset)', async () => {
  await assert.rejects(ingestFixture('so2024-comp-excerpt.csv'), (e: unknown) => e instanceof UnknownSurveySchemaError && /2023, 2024/.test(e.message) && /--year/.test(e.message));
  const r = await ingestFixture('so2024-comp-excerpt.csv', { year: 2024 });
  try {
    assert.equal(r.meta.year, 2024);
    assert.equal(r.meta.detected_by, 'option');
    assert.equal(r.positions.length, 5);
  } finally {
    r.cleanup();
  }
  assert.throws(() => detectSoYear('x.csv', ['a', 'b']), UnknownSurveySchemaError);
});

test('value parsers: experience bands, seniority bands, degrees, currency codes', () => {
  assert.equal(parseYears('Less than a year'), 0.5);
  assert.equal(parseYears('3-5 years'), 4);
  assert.equal(parseYears('19 to 20 years'), 19.5);
  assert.equal(parseYears('30 or more years'), 30);
  assert.equal(parseYears('More than 50 years'), 50);
  assert.equal(parseYears('12'), 12);
  assert.equal(parseYears('abc'), null);
  assert.deepEqual([0, 1.9, 2, 4.9, 5, 10, 15, 20, 40].map(seniorityFromYears), [1, 1, 2, 2, 3, 4, 5, 6, 6]);
  assert.equal(degreeFromEdLevel('Professional degree (JD, MD, etc.)'), 'Professional');
  assert.equal(degreeFromEdLevel('Other doctoral degree (Ph.D., Ed.D., etc.)'), 'Doctor');
  assert.equal(degreeFromEdLevel('Something else'), null);
  assert.equal(currencyCode('USD\tUnited States dollar'), 'USD');
  assert.equal(currencyCode('Euros (€)'), null);
});

test('country mapping: survey spellings to ISO, non-countries and unknowns apart', () => {
  const m = new SurveyCountryMapper();
  assert.deepEqual(m.map('United Kingdom of Great Britain and Northern Ireland'), { code: 'GB' });
  assert.deepEqual(m.map('Russian Federation'), { code: 'RU' });
  assert.deepEqual(m.map('Iran, Islamic Republic of...'), { code: 'IR' });
  assert.deepEqual(m.map('Hong Kong (S.A.R.)'), { code: 'HK' });
  assert.deepEqual(m.map('Venezuela, Bolivarian Republic of...'), { code: 'VE' });
  assert.deepEqual(m.map('Republic of Korea'), { code: 'KR' });
  assert.deepEqual(m.map('South Korea'), { code: 'KR' });
  assert.deepEqual(m.map('Germany'), { code: 'DE' });
  assert.deepEqual(m.map('Nomadic'), { reason: 'not_a_country' });
  assert.deepEqual(m.map('Other Country (Not Listed Above)'), { reason: 'not_a_country' });
  assert.deepEqual(m.map('Atlantis'), { reason: 'unknown_country' });
  assert.deepEqual(m.map(''), { reason: 'missing_country' });
});

test('aijobs title classification: AI engineers and scientists against data analysts and engineers', () => {
  const ai = ['Machine Learning Engineer', 'AI Engineer', 'Research Scientist', 'Applied Scientist', 'NLP Engineer', 'Computer Vision Engineer', 'MLOps Engineer', 'Deep Learning Researcher', 'Head of AI'];
  const data = ['Data Analyst', 'Data Engineer', 'BI Developer', 'Business Intelligence Analyst', 'Analytics Engineer', 'Data Architect'];
  for (const t of ai) assert.equal(classifyTitle(t), 'ai', t);
  for (const t of data) assert.equal(classifyTitle(t), 'data', t);
  assert.equal(classifyTitle('Data Scientist'), 'data_science');
  for (const t of ['AI Product Manager', 'AI Content Writer', 'Software Engineer', 'Data Product Manager', '']) assert.equal(classifyTitle(t), 'other', t);
});

test('aijobs adapter: employer vs residence country, seniority, title class marker', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'tf-aijobs-test-')), 'out');
  try {
    const s = await ingestAijobs({ file: fx('aijobs-excerpt.csv'), out });
    assert.equal(s.personsWritten, 9);
    const pos = readCsv(join(out, 'individual_positions.csv'));
    const users = new Map(readCsv(join(out, 'individual_user.csv')).map((u) => [u.user_id!, u]));
    const first = pos[0]!;
    assert.equal(first.country, 'GB');
    assert.equal(users.get(first.user_id!)!.user_country, 'SG');
    assert.equal(first.cross_border, 'true');
    assert.equal(pos.filter((p) => p.cross_border === 'true').length, 3);
    assert.equal(first.seniority, String(AIJOBS_SENIORITY.MI));
    const mle = pos.find((p) => p.role_k50 === 'Machine Learning Engineer')!;
    assert.equal(mle.title_class, 'ai');
    assert.equal(Number(mle.salary), 100000);
    const skills = readCsv(join(out, 'individual_user_skills.csv'));
    assert.ok(skills.some((k) => k.user_id === mle.user_id && k.skill_raw === 'TitleClass: ai'));
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});

test('PPP: salary × FX / PPP, with the FX the file implies, against a hand computation', async () => {
  // World Bank PA.NUS.PPP, Germany 2024 (data/worldbank-ppp/ppp-gdp.csv): 0.700862 EUR per international $.
  const pppDe = 0.700862;
  assert.equal(toPpp(100000, 0.9, pppDe), (100000 * 0.9) / pppDe);
  const db = await Db.open();
  try {
    await loadPppTables(db);
    await db.run(sql`create table st as select * from (values
      ('a', 'DE', 2024, 100000.0, 'EUR', 90000.0), ('b', 'DE', 2024, 50000.0, 'EUR', 46000.0),
      ('c', 'DE', 2024, 80000.0, 'EUR', 72000.0), ('d', 'US', 2024, 120000.0, 'USD', 120000.0),
      ('e', 'DE', 2024, 70000.0, 'USD', 70000.0))
      t(user_id, country, year, salary_usd, currency, local_annual)`);
    await applyPpp(db, 'st');
    const rows = new Map((await db.all<{ user_id: string; salary_ppp: number; fx_source: string }>(sql`select user_id, salary_ppp, fx_source from st`)).map((r) => [r.user_id, r]));
    const fxEur = [0.9, 0.92, 0.9].sort()[1]!; // median of 90000/100000, 46000/50000, 72000/80000
    assert.ok(Math.abs(rows.get('a')!.salary_ppp - (100000 * fxEur) / pppDe) < 1e-6);
    assert.ok(Math.abs(rows.get('e')!.salary_ppp - (70000 * fxEur) / pppDe) < 1e-6, 'paid in USD, living in DE: DE prices');
    assert.equal(rows.get('a')!.fx_source, 'implied');
    assert.equal(rows.get('d')!.salary_ppp, 120000);
  } finally {
    db.close();
  }
});

test('a Stack Overflow file cut in its last line (a broken download): that row is one cut_last_line reject, every other row read', async () => {
  // The excerpt has one record a line; its last (respondent 13138, "Nomadic") is rejected anyway,
  // so the last two lines swap places and the cut falls in a respondent the full file keeps.
  const lines = readFileSync(fx('so2024-excerpt.csv'), 'utf8').replace(/\n$/, '').split('\n');
  const n = lines.length;
  [lines[n - 2], lines[n - 1]] = [lines[n - 1]!, lines[n - 2]!];
  const last = lines[n - 1]!;
  const id = /^"(\d+)",/.exec(last)![1]!;
  const dir = mkdtempSync(join(tmpdir(), 'tf-survey-cut-'));
  const cutFile = join(dir, 'survey_results_public.csv');
  writeFileSync(cutFile, [...lines.slice(0, -1), last.slice(0, Math.floor(last.length / 2))].join('\n'));
  const full = await ingestFixture('so2024-excerpt.csv');
  const cut = await ingestFixture(cutFile);
  try {
    const lastId = soUserId(2024, id);
    assert.ok(full.byId.has(lastId), `the full file keeps respondent ${id}`);
    assert.ok(!cut.byId.has(lastId));
    assert.equal(cut.summary.rowsRead, full.summary.rowsRead, 'the cut row is counted as read');
    assert.equal(cut.positions.length, full.positions.length - 1, 'every other row read');
    assert.deepEqual(cut.rejects.filter((x) => x.reason === 'cut_last_line').map((x) => x.line), [String(n)]);
    const other = (r: Record<string, string>[]) => r.filter((x) => x.reason !== 'cut_last_line').map((x) => [x.reason, x.value]);
    assert.deepEqual(other(cut.rejects), other(full.rejects));
    assert.equal(cut.summary.rejectsByReason.cut_last_line, 1);
  } finally {
    full.cleanup();
    cut.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
