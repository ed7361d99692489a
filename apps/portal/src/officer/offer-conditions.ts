import { parseDate } from '../forms/form-values';

const DUE = /^(.*?)[,;]?\s+due\s+(\d{1,2})[/ ](\d{1,2})[/ ](\d{4})$/i;

/**
 * The offer's conditions, one to a line, each ending with its due date when it has one:
 * "Appoint an independent chair, due 31/1/2027".
 */
export function readConditions(raw: string): { conditions: string[]; dueOn: (string | null)[]; error?: string } {
  const lines = raw.split(/\r?\n/).map((c) => c.trim()).filter(Boolean);
  const conditions: string[] = [];
  const dueOn: (string | null)[] = [];
  let error: string | undefined;
  lines.forEach((line, i) => {
    const due = DUE.exec(line);
    const date = due ? parseDate(due[2], due[3], due[4]) : null;
    if (due && !date) error ??= `The due date of condition ${i + 1} must be a real date, like 31/1/2027`;
    conditions.push(due ? due[1].trim() : line);
    dueOn.push(date ?? null);
  });
  if (lines.length > 30) error = 'Enter 30 conditions or fewer';
  else if (conditions.some((c) => c.length > 1000)) error ??= 'Each condition must be 1,000 characters or fewer';
  else if (conditions.some((c) => !c)) error ??= 'Each condition needs its text before its due date';
  return { conditions, dueOn, error };
}
