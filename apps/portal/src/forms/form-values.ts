/** Reading what people type into forms, the way GOV.UK services accept it. */

/** '£25,000', '25000', '25,000.50' as pence; undefined when it is not an amount of money. */
export function parsePounds(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim().replace(/^£/, '').replace(/,/g, '');
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(text)) return undefined;
  const [pounds, pence = ''] = text.split('.');
  return Number(pounds) * 100 + Number(pence.padEnd(2, '0'));
}

/** Pence as a form shows it back: 25000 or 18927.50 (no symbol: the input has a £ prefix). */
export function poundsForInput(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return '';
  return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);
}

/** A form field as text, trimmed; repeated fields (a crafted post) count as empty. */
export function text(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : '';
}

/** Checkbox values: none, one (a string) or several (an array). */
export function list(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string');
  return typeof raw === 'string' && raw !== '' ? [raw] : [];
}
