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

/** The Design System's date input (day, month, year) as YYYY-MM-DD; undefined when it is not a real date. */
export function parseDate(day: unknown, month: unknown, year: unknown): string | undefined {
  const [d, m, y] = [text(day), text(month), text(year)];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return undefined;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** The last second of a day in the UK (23:59:59 London time, GMT or BST) as a UTC instant. */
export function endOfUkDay(isoDate: string): string {
  const noonUtc = new Date(`${isoDate}T12:00:00Z`);
  const londonHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(noonUtc));
  return new Date(Date.parse(`${isoDate}T23:59:59Z`) - (londonHour - 12) * 3_600_000).toISOString();
}

/** A query or form value when it is one of those allowed, else '' (no filter). */
export function oneOf(allowed: readonly string[], raw: unknown): string {
  return typeof raw === 'string' && allowed.includes(raw) ? raw : '';
}

/** Days as suppliers report and invoice them: whole or half days, like 2.5; undefined otherwise. */
export function parseDays(raw: string): number | undefined {
  return /^\d{1,4}(\.[05])?$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}

/** A count a form asks for (staff, days of capacity), commas allowed: '1,240'; undefined when it is not a whole number. */
export function wholeNumber(raw: string): number | undefined {
  const plain = raw.replace(/,/g, '');
  return /^\d{1,9}$/.test(plain) ? Number(plain) : undefined;
}
