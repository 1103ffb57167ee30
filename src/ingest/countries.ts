/**
 * Country normalisation to ISO 3166-1 alpha-2. Code lists come from the maintained
 * `i18n-iso-countries` package (English and Korean names, alpha-2, alpha-3); the small
 * alias file `country-aliases.json` adds the spellings it does not resolve (`Viet Nam`,
 * `Korea, Rep.`, `England`, ...). An unknown value returns null — a reject, never a guess.
 */
import { readFileSync } from 'node:fs';
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ko from 'i18n-iso-countries/langs/ko.json' with { type: 'json' };
import { UsageError } from '../errors.ts';

countries.registerLocale(en);
countries.registerLocale(ko);

const builtIn = JSON.parse(readFileSync(new URL('./country-aliases.json', import.meta.url), 'utf8')) as {
  aliases: Record<string, string>;
};

/** Normalise a country text for lookup: NFKC, lower case, periods dropped, spaces collapsed. */
export function countryKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();
}

/** A resolver from country text to alpha-2, with optional extra aliases. */
export class CountryResolver {
  private readonly aliases = new Map<string, string>();
  private readonly cache = new Map<string, string | null>();

  constructor(extra: Record<string, string> = {}) {
    for (const [k, v] of Object.entries({ ...builtIn.aliases, ...extra })) {
      const code = v.toUpperCase();
      if (!countries.isValid(code)) throw new UsageError(`country alias "${k}" maps to "${v}", which is not an ISO 3166-1 alpha-2 code`);
      this.aliases.set(countryKey(k), code);
    }
  }

  /** Load extra aliases from a JSON file `{ "aliases": { "name": "XX" } }` or a flat object. */
  static fromFile(path: string): CountryResolver {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new UsageError(`cannot read country alias file ${path}: ${(e as Error).message}. It must be JSON: { "aliases": { "Name": "XX" } }`);
    }
    const obj = (parsed as { aliases?: unknown }).aliases ?? parsed;
    if (typeof obj !== 'object' || obj === null) throw new UsageError(`country alias file ${path} must hold an object of name → alpha-2 code`);
    return new CountryResolver(obj as Record<string, string>);
  }

  /** Alpha-2 code for a country text, or null when unknown or empty. */
  resolve(text: string | null | undefined): string | null {
    if (text === null || text === undefined) return null;
    const raw = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
    if (!raw) return null;
    const hit = this.cache.get(raw);
    if (hit !== undefined) return hit;
    const code = this.lookup(raw);
    this.cache.set(raw, code);
    return code;
  }

  private lookup(raw: string): string | null {
    const key = countryKey(raw);
    const alias = this.aliases.get(key);
    if (alias) return alias;
    if (/^[A-Za-z]{2}$/.test(raw)) return countries.isValid(raw.toUpperCase()) ? raw.toUpperCase() : null;
    if (/^[A-Za-z]{3}$/.test(raw)) {
      const a2 = countries.alpha3ToAlpha2(raw.toUpperCase());
      if (a2) return a2;
    }
    const byName =
      countries.getAlpha2Code(raw, 'en') ?? countries.getAlpha2Code(key, 'en') ?? countries.getAlpha2Code(raw, 'ko');
    if (byName) return byName;
    // "Korea, Republic of" style with a trailing article: "Bahamas, The".
    const noThe = key.replace(/^the /, '').replace(/, the$/, '');
    return (noThe !== key && (this.aliases.get(noThe) ?? countries.getAlpha2Code(noThe, 'en'))) || null;
  }
}

/** English name of an alpha-2 code (for reports). */
export function countryName(code: string, lang: 'en' | 'ko' = 'en'): string {
  return countries.getName(code, lang) ?? code;
}
