import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CountryResolver } from './countries.ts';

test('names and variants used by Revelio and LinkedIn resolve to alpha-2', () => {
  const r = new CountryResolver();
  const cases: [string, string][] = [
    ['Korea, Republic of', 'KR'], ['Republic of Korea', 'KR'], ['South Korea', 'KR'], ['KOR', 'KR'], ['kr', 'KR'],
    ['대한민국', 'KR'], ['USA', 'US'], ['United States', 'US'], ['U.S.A.', 'US'], ['UK', 'GB'], ['England', 'GB'],
    ['United Kingdom of Great Britain and Northern Ireland', 'GB'], ['Viet Nam', 'VN'], ['Türkiye', 'TR'],
    ['Turkiye', 'TR'], ['  united   kingdom ', 'GB'], ['DEU', 'DE'], ['Hong Kong SAR', 'HK'], ['Bahamas, The', 'BS'],
  ];
  for (const [text, code] of cases) assert.equal(r.resolve(text), code, text);
});

test('unknown or ambiguous values are null, never a guess', () => {
  const r = new CountryResolver();
  for (const text of ['Korea', 'Narnia', 'XX', 'ZZZ', '', '   ', 'Remote', 'Europe']) assert.equal(r.resolve(text), null, text);
  assert.equal(r.resolve(null), null);
});

test('user aliases extend the list and are validated', () => {
  const r = new CountryResolver({ Korea: 'KR' });
  assert.equal(r.resolve('korea'), 'KR');
  assert.throws(() => new CountryResolver({ Atlantis: 'QQ' }), /not an ISO 3166-1 alpha-2/);
});
