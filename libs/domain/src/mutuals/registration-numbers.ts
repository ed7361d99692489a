/**
 * Formats of the registers an organisation may be on. Numbers are compared in a normal form
 * (upper case, no spaces), so people can type them as they appear on certificates.
 */
export function normaliseRegistrationNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** Companies House: 8 digits (England and Wales), or a 2-letter register prefix and 6 digits (SC, NI, OC, ...). */
const COMPANIES_HOUSE = /^(\d{8}|(SC|NI|OC|SO|NC|NL|R0|IP|SP|RS|CE|CS|SE|GE|LP|SL|NF|FC|SF)\d{6})$/;

/** Charity registers: England and Wales (6-7 digits, with -N for a linked charity), Scotland (SC + 6), Northern Ireland (NIC + 6). */
const CHARITY = /^(\d{6,7}(-\d{1,2})?|SC\d{6}|NIC\d{6})$/;

/** FCA Mutuals Public Register: co-operative and community benefit societies (e.g. 30178R, or RS + 6 digits since 2014). */
const SOCIETY = /^(\d{1,6}R|RS\d{6})$/;

export const REGISTRATION_FORMATS = {
  companiesHouseNumber: {
    pattern: COMPANIES_HOUSE,
    message: 'A Companies House number is 8 characters: 8 digits (01234567) or two letters and 6 digits (SC123456)',
  },
  charityNumber: {
    pattern: CHARITY,
    message: 'A charity number is 6 or 7 digits (1123456, or 1123456-1 for a linked charity), SC and 6 digits in Scotland, or NIC and 6 digits in Northern Ireland',
  },
  societyNumber: {
    pattern: SOCIETY,
    message: 'A society number (FCA Mutuals Public Register) is up to 6 digits followed by R (30178R), or RS and 6 digits (RS007654)',
  },
} as const;

export type RegistrationNumberKind = keyof typeof REGISTRATION_FORMATS;

export function isValidRegistrationNumber(kind: RegistrationNumberKind, value: string): boolean {
  return REGISTRATION_FORMATS[kind].pattern.test(normaliseRegistrationNumber(value));
}
