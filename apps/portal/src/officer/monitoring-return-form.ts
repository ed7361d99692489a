import type { FormErrors } from '../forms/api-errors';
import type { MonitoringReturnView } from '../api/awards.types';
import { parsePounds, poundsForInput, text, wholeNumber } from '../forms/form-values';

export interface ReturnFigures {
  staff: number;
  contractValuePence: number;
  contractRenewals: number;
  turnoverPence: number;
  savingsToCommissionerPence: number;
  outcomes: { measure: string; value: string }[];
}

/** The figures in the form's order: a count (whole number) or an amount (pounds). */
const FIGURES = [
  ['staff', 'count', 'the number of staff the mutual employs', 'like 250'],
  ['contractValue', 'amount', 'the value of its public-service contracts', 'like 12000000'],
  ['contractRenewals', 'count', 'the number of contracts renewed in the period', 'like 1'],
  ['turnover', 'amount', 'the turnover in the period', 'like 3100000'],
  ['savings', 'amount', 'the savings to the commissioner in the period', 'like 450000'],
] as const;

/** The service's fields of a monitoring return, as the form's. */
const RETURN_FIELDS: Record<string, string> = { staff: 'staff', contractValuePence: 'contractValue', contractRenewals: 'contractRenewals', turnoverPence: 'turnover', savingsToCommissionerPence: 'savings' };

/** The form field a refusal of the service names (outcomes.0.value is the outcomes box). */
export function returnFieldOf(apiField: string): string | undefined {
  return RETURN_FIELDS[apiField] ?? (apiField.startsWith('outcomes') ? 'outcomes' : undefined);
}

/** A return sent before (and returned to correct) as the form shows it again. */
export function returnFormValues(r: MonitoringReturnView): Record<string, string> {
  const count = (n: number | null) => (n === null ? '' : String(n));
  return {
    returnId: r.id,
    staff: count(r.staff),
    contractValue: poundsForInput(r.contractValuePence),
    contractRenewals: count(r.contractRenewals),
    turnover: poundsForInput(r.turnoverPence),
    savings: poundsForInput(r.savingsToCommissionerPence),
    outcomes: r.outcomes.map((o) => `${o.measure}: ${o.value}`).join('\n'),
  };
}

/**
 * A monitoring return as the mutual sent it: which period, its figures, and its service outcomes
 * one to a line as "measure: value" ("People supported at home: 1,240").
 */
export function readReturn(body: Record<string, unknown>): { values: Record<string, string>; figures?: ReturnFigures; errors: FormErrors } {
  const values: Record<string, string> = Object.fromEntries(['returnId', 'staff', 'contractValue', 'contractRenewals', 'turnover', 'savings', 'outcomes'].map((f) => [f, text(body[f])]));
  const errors: FormErrors = {};
  if (!values.returnId) errors.returnId = 'Select the period the return is for';
  const numbers: Record<string, number | undefined> = {};
  for (const [field, kind, what, example] of FIGURES) {
    numbers[field] = kind === 'count' ? wholeNumber(values[field]) : parsePounds(values[field]);
    if (!values[field]) errors[field] = `Enter ${what}${field === 'staff' || field === 'contractValue' ? '' : ', or 0'}`;
    else if (numbers[field] === undefined) errors[field] = `Enter ${what} ${kind === 'count' ? 'as a whole number' : 'in pounds'}, ${example}`;
  }
  const lines = values.outcomes.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const outcomes = lines.map((line) => {
    const at = line.indexOf(':');
    return at < 0 ? { measure: '', value: line } : { measure: line.slice(0, at).trim(), value: line.slice(at + 1).trim() };
  });
  if (lines.length > 50) errors.outcomes = 'Enter 50 outcomes or fewer';
  else if (outcomes.some((o) => !o.measure || !o.value)) errors.outcomes = 'Enter each outcome on its own line as the measure, a colon and the value, like People supported at home: 1,240';
  else if (outcomes.some((o) => o.measure.length > 200 || o.value.length > 200)) errors.outcomes = 'Each measure and value must be 200 characters or fewer';
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    figures: {
      staff: numbers.staff!,
      contractValuePence: numbers.contractValue!,
      contractRenewals: numbers.contractRenewals!,
      turnoverPence: numbers.turnover!,
      savingsToCommissionerPence: numbers.savings!,
      outcomes,
    },
  };
}
