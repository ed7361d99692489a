import { ApiError } from '../api/service-client';

export type FormErrors = Record<string, string>;

/**
 * A service's refusal of a form as messages next to the fields: bad input (400) per field, a
 * broken rule (409, 422) against the field it names or the first one. Anything else is rethrown.
 */
export function formErrorsFrom(err: unknown, fieldFor: (apiField: string) => string | undefined, firstField: string): FormErrors {
  if (!(err instanceof ApiError) || ![400, 409, 422].includes(err.status)) throw err;
  const errors: FormErrors = {};
  for (const problem of err.fieldProblems) {
    const field = fieldFor(problem.field) ?? firstField;
    errors[field] ??= sentence(problem.problems[0] ?? err.message);
  }
  if (Object.keys(errors).length > 0) return errors;
  const named = (err.details as { fields?: unknown } | undefined)?.fields;
  const field = Array.isArray(named) && typeof named[0] === 'string' ? fieldFor(named[0]) : undefined;
  return { [field ?? firstField]: sentence(err.message) };
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
