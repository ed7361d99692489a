/** How pages write money, dates and codes, in the GOV.UK style. */
import { localAuthorities } from '@mutuals/domain';

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const wholePounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** Money in pence as the Design System writes it: £25,000 or £18,927.50. */
export function money(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return 'Not given';
  return pence % 100 === 0 ? wholePounds.format(pence / 100) : pounds.format(pence / 100);
}

/** 10 February 2014 at 5:00pm (UK time), the GOV.UK style for dates and times. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const parts = Object.fromEntries(dateTime.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${String(parts.dayPeriod).toLowerCase()}`;
}

export function day(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso)) : '';
}

/** 'in_assessment' or 'offer-issued' as words: 'In assessment'. */
export function words(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.replace(/[_-]+/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** English local authorities by their ONS codes, named as the register names them: "Knowsley (E08000011), Wirral (E08000015)". */
export function authorities(codes: string[] | null | undefined): string {
  return (codes ?? []).map((code) => {
    const found = localAuthorities.find(code);
    return found ? `${found.name} (${code})` : code;
  }).join(', ');
}

const LOT_NAMES: Record<string, string> = { legal: 'Legal', finance: 'Finance', 'hr-and-pensions': 'HR and pensions', governance: 'Governance', 'business-planning': 'Business planning' };

/** A framework lot as people name it: 'hr-and-pensions' is 'HR and pensions'. */
export function lotName(lot: string | null | undefined): string {
  return lot ? (LOT_NAMES[lot] ?? words(lot)) : '';
}

/** A lot inside a sentence: 'legal', 'business planning', but 'HR and pensions'. */
export function lotInSentence(lot: string): string {
  return lotName(lot).replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
}
