/**
 * The set-up forms' repeating rows (questions, criteria, opening windows) without JavaScript: each
 * row's fields are numbered (`question-0-text`), and the buttons that add, remove or move a row
 * post the form back with `action` saying which, so what was typed is kept.
 */
import { text } from '../forms/form-values';
import { readUkTime, UkTimeFields, ukTimeFields } from '../forms/uk-time';

export const MAX_ROWS = 30;

export interface QuestionRow {
  id: string;
  text: string;
  words: string;
  required: string;
}

export interface CriterionRow {
  id: string;
  name: string;
  weight: string;
}

export interface WindowRow {
  opens: UkTimeFields;
  closes: UkTimeFields;
}

export const blankQuestion = (): QuestionRow => ({ id: '', text: '', words: '500', required: 'yes' });
export const blankCriterion = (): CriterionRow => ({ id: '', name: '', weight: '' });
export const blankWindow = (): WindowRow => ({ opens: ukTimeFields(null), closes: ukTimeFields(null) });

function count(body: Record<string, unknown>, prefix: string): number {
  const n = Number(text(body[`${prefix}-count`]));
  return Number.isInteger(n) && n >= 0 ? Math.min(n, MAX_ROWS) : 0;
}

export function readQuestions(body: Record<string, unknown>): QuestionRow[] {
  return Array.from({ length: count(body, 'question') }, (_, i) => ({
    id: text(body[`question-${i}-id`]),
    text: text(body[`question-${i}-text`]),
    words: text(body[`question-${i}-words`]),
    required: text(body[`question-${i}-required`]) === 'yes' ? 'yes' : 'no',
  }));
}

export function readCriteria(body: Record<string, unknown>): CriterionRow[] {
  return Array.from({ length: count(body, 'criterion') }, (_, i) => ({
    id: text(body[`criterion-${i}-id`]),
    name: text(body[`criterion-${i}-name`]),
    weight: text(body[`criterion-${i}-weight`]),
  }));
}

export function readWindows(body: Record<string, unknown>): { rows: WindowRow[]; utc: { opensAt?: string; closesAt?: string }[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const rows: WindowRow[] = [];
  const utc: { opensAt?: string; closesAt?: string }[] = [];
  for (let i = 0; i < count(body, 'window'); i++) {
    const opens = readUkTime(body, `window-${i}-opens`, `window ${i + 1} opens`);
    const closes = readUkTime(body, `window-${i}-closes`, `window ${i + 1} closes`);
    if (opens.error) errors[`window-${i}-opens-day`] = opens.error;
    if (closes.error) errors[`window-${i}-closes-day`] = closes.error;
    rows.push({ opens: opens.values, closes: closes.values });
    utc.push({ opensAt: opens.utc, closesAt: closes.utc });
  }
  return { rows, utc, errors };
}

/**
 * Applies an `add-<row>`, `remove-<row>-<n>`, `up-<row>-<n>` or `down-<row>-<n>` action to the rows
 * it names; returns undefined when the action is not about these rows.
 */
export function applyRowAction<T>(action: string, prefix: string, rows: T[], blank: () => T): T[] | undefined {
  if (action === `add-${prefix}`) return rows.length < MAX_ROWS ? [...rows, blank()] : rows;
  const match = new RegExp(`^(remove|up|down)-${prefix}-(\\d+)$`).exec(action);
  if (!match) return undefined;
  const i = Number(match[2]);
  if (i >= rows.length) return rows;
  const next = [...rows];
  if (match[1] === 'remove') next.splice(i, 1);
  const j = match[1] === 'up' ? i - 1 : match[1] === 'down' ? i + 1 : -1;
  if (j >= 0 && j < rows.length) [next[i], next[j]] = [next[j], next[i]];
  return next;
}

/** A whole number typed into a form, or the text itself so the service's own check words the problem. */
export function whole(raw: string): number | string {
  return /^-?\d{1,9}$/.test(raw) ? Number(raw) : raw;
}

/** A stable id for a new row from its wording ('Need for support' is need-for-support), unique among `taken`. */
export function idFor(wording: string, taken: string[], fallback: string): string {
  const base = wording.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean).slice(0, 4).join('-').slice(0, 50) || fallback;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

export function questionsPayload(rows: QuestionRow[]) {
  const taken = rows.map((r) => r.id).filter(Boolean);
  return rows.map((r, i) => {
    const id = r.id || idFor(r.text, taken, `question-${i + 1}`);
    taken.push(id);
    return { id, text: r.text, wordLimit: whole(r.words), required: r.required === 'yes' };
  });
}

export function criteriaPayload(rows: CriterionRow[]) {
  const taken = rows.map((r) => r.id).filter(Boolean);
  return rows.map((r, i) => {
    const id = r.id || idFor(r.name, taken, `criterion-${i + 1}`);
    taken.push(id);
    return { id, name: r.name, weight: whole(r.weight) };
  });
}

/** Keeps the ids the service gave the rows, so a row added after a refusal does not get a new one. */
export function withIds<T extends { id: string }>(rows: T[], ids: string[]): T[] {
  return rows.map((r, i) => ({ ...r, id: r.id || ids[i] || '' }));
}

const ROW_FIELDS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^questions\.(\d+)\.(text|id)$/, (m) => `question-${m[1]}-text`],
  [/^questions\.(\d+)\.wordLimit$/, (m) => `question-${m[1]}-words`],
  [/^questions\.(\d+)\.required$/, (m) => `question-${m[1]}-required`],
  [/^questions(\.\d+)?$/, () => 'question-0-text'],
  [/^(?:assessment\.)?criteria\.(\d+)\.(name|id)$/, (m) => `criterion-${m[1]}-name`],
  [/^(?:assessment\.)?criteria\.(\d+)\.weight$/, (m) => `criterion-${m[1]}-weight`],
  [/^(?:assessment\.)?criteria(\.\d+)?$/, () => 'criterion-0-name'],
  [/^assessment\.(scaleMax|assessorsPerCase|moderationThreshold)$/, (m) => m[1]],
  [/^openingWindows\.(\d+)\.opensAt$/, (m) => `window-${m[1]}-opens-day`],
  [/^openingWindows\.(\d+)\.closesAt$/, (m) => `window-${m[1]}-closes-day`],
  [/^openingWindows(\.\d+)?$/, () => 'window-0-opens-day'],
  [/^eligibility\.(\w+)$/, (m) => m[1]],
];

/** The form field an API field's problem is shown against; `plain` maps the top-level ones. */
export function fieldFor(plain: Record<string, string>): (apiField: string) => string | undefined {
  return (apiField) => {
    if (plain[apiField]) return plain[apiField];
    for (const [pattern, to] of ROW_FIELDS) {
      const m = pattern.exec(apiField);
      if (m) return to(m);
    }
    return undefined;
  };
}
