/**
 * A PhoneCountry column's value (ISO code, country name, a few common aliases) → the region
 * libphonenumber-js reads phone numbers with. Pure; the lookup table is built once.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { libphonenumber } from './libphonenumber';

const { getCountries } = libphonenumber;

const ALIASES: Record<string, string> = {
  usa: 'US', 'united states of america': 'US', america: 'US', us: 'US',
  uk: 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB',
  gbr: 'GB', can: 'CA', aus: 'AU', deu: 'DE', fra: 'FR', esp: 'ES', ita: 'IT', nld: 'NL', mex: 'MX', bra: 'BR',
  ind: 'IN', irl: 'IE', nzl: 'NZ', che: 'CH', aut: 'AT', bel: 'BE', swe: 'SE', nor: 'NO', dnk: 'DK', fin: 'FI',
  prt: 'PT', pol: 'PL', jpn: 'JP', chn: 'CN', zaf: 'ZA', sgp: 'SG',
  holland: 'NL', 'the netherlands': 'NL', 'south korea': 'KR', korea: 'KR', 'republic of korea': 'KR',
  russia: 'RU', 'russian federation': 'RU', 'czech republic': 'CZ', turkey: 'TR', uae: 'AE',
  'ivory coast': 'CI', vietnam: 'VN', 'viet nam': 'VN', deutschland: 'DE', espana: 'ES', italia: 'IT',
  schweiz: 'CH', suisse: 'CH', osterreich: 'AT', belgique: 'BE', belgie: 'BE', sverige: 'SE', norge: 'NO',
  danmark: 'DK', suomi: 'FI', polska: 'PL', nederland: 'NL', brasil: 'BR', mexico: 'MX',
};

function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[’'.]/g, '').replace(/&/g, 'and').replace(/[^a-z0-9]+/g, ' ').trim();
}

let table: Map<string, CountryCode> | null = null;

function buildTable(): Map<string, CountryCode> {
  const map = new Map<string, CountryCode>();
  const supported = new Set<string>(getCountries());
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  for (const code of getCountries()) {
    map.set(code.toLowerCase(), code);
    const name = names.of(code);
    if (name && name !== code) map.set(fold(name), code);
  }
  for (const [alias, code] of Object.entries(ALIASES)) if (supported.has(code)) map.set(fold(alias), code as CountryCode);
  return map;
}

/** Null when the value names no country we can read phone numbers for. */
export function resolveCountry(value: string): CountryCode | null {
  table ??= buildTable();
  return table.get(fold(value)) ?? null;
}
