/**
 * Times entered and shown in UK time (Europe/London: GMT in winter, BST in summer), stored as UTC
 * instants. A time that does not exist in the UK (the hour skipped when the clocks go forward) is
 * refused; one that happens twice (the hour repeated when they go back) is taken as the first, BST.
 */
import { parseDate, text } from './form-values';

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function partsOf(at: number): Record<string, string> {
  return Object.fromEntries(londonParts.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
}

/** Hours the UK is ahead of UTC at an instant: 0 (GMT) or 1 (BST). */
function ukOffsetHours(at: number): number {
  const p = partsOf(at);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - at) / 3_600_000);
}

/** '9:00', '09:00', '17:30' (24-hour clock) as 'HH:MM'; undefined when it is not a time. */
export function parseTime(raw: unknown): string | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text(raw));
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return undefined;
  return `${match[1].padStart(2, '0')}:${match[2]}`;
}

/** A UK date (YYYY-MM-DD) and time (HH:MM) as a UTC ISO instant; undefined when that time does not happen in the UK. */
export function ukTimeToUtc(isoDate: string, time: string): string | undefined {
  const local = Date.parse(`${isoDate}T${time}:00Z`);
  for (const offset of [1, 0]) {
    const utc = local - offset * 3_600_000;
    if (ukOffsetHours(utc) === offset) return new Date(utc).toISOString();
  }
  return undefined;
}

export interface UkTimeFields {
  day: string;
  month: string;
  year: string;
  time: string;
}

/** A UTC instant as a form shows it back in UK time: day, month, year and a 24-hour time. */
export function ukTimeFields(iso: string | null | undefined): UkTimeFields {
  if (!iso) return { day: '', month: '', year: '', time: '' };
  const p = partsOf(Date.parse(iso));
  return { day: String(Number(p.day)), month: String(Number(p.month)), year: p.year, time: `${p.hour}:${p.minute}` };
}

/**
 * Reads a date input and a time field named `<name>-day`, `-month`, `-year`, `-time` as a UTC
 * instant, or the message to show against the field.
 */
export function readUkTime(body: Record<string, unknown>, name: string, label: string): { values: UkTimeFields; utc?: string; error?: string } {
  const values = { day: text(body[`${name}-day`]), month: text(body[`${name}-month`]), year: text(body[`${name}-year`]), time: text(body[`${name}-time`]) };
  if (!values.day && !values.month && !values.year) return { values, error: `Enter the date ${label}` };
  const date = parseDate(values.day, values.month, values.year);
  if (!date) return { values, error: `The date ${label} must be a real date, for example 30 5 2027` };
  const time = parseTime(values.time);
  if (!time) return { values, error: `Enter the time ${label} on the 24-hour clock, for example 09:00 or 16:00` };
  const utc = ukTimeToUtc(date, time);
  if (!utc) return { values, error: `${time} on that day does not exist in the UK (the clocks go forward); choose another time ${label}` };
  return { values, utc };
}
