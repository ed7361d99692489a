import { countWords, SUPPORT_TYPE, SUPPORT_TYPES } from '@mutuals/domain';
import { money } from '../pages/format';
import { list, parsePounds, poundsForInput, text } from '../forms/form-values';
import type { ApplicationView, FundView } from '../api/applications.types';

/** One question per page: the kinds of page an application is made of. */
export type StepKind = 'text' | 'money' | 'checkboxes' | 'yes-no' | 'answer';

export interface Step {
  id: string;
  kind: StepKind;
  question: string;
  hint?: string;
  /** The field of the applications API the answer goes to. */
  apiField: string;
  required: boolean;
  wordLimit?: number;
  items?: { value: string; text: string }[];
}

/** The pages of an application to this fund, in the order they are asked. */
export function stepsFor(fund: FundView): Step[] {
  const steps: Step[] = [
    { id: 'title', kind: 'text', question: 'What is your project called?', hint: 'A short name for the support you want, for example "Legal and pensions advice for our staff transfer".', apiField: 'title', required: true },
    {
      id: 'support',
      kind: 'checkboxes',
      question: 'What kind of expert help do you need?',
      hint: 'Select all that apply.',
      apiField: 'supportTypes',
      required: true,
      items: SUPPORT_TYPES.map((code) => ({ value: code, text: SUPPORT_TYPE.label(code) })),
    },
    { id: 'amount', kind: 'money', question: 'How much funding are you asking for?', hint: `The most you can ask this fund for is ${money(fund.capPerApplicationPence)}.`, apiField: 'amountRequestedPence', required: true },
  ];
  if (fund.matchFundingRequired) {
    steps.push({ id: 'match-funding', kind: 'money', question: 'How much cash match funding will you put in?', hint: 'This fund needs cash match funding.', apiField: 'matchFundingPence', required: true });
  }
  steps.push(
    {
      id: 'subsidy',
      kind: 'money',
      question: 'How much public subsidy have you received in this and the last 2 financial years?',
      hint: 'Enter 0 if you have received none. An organisation can receive at most £315,000 of minimal financial assistance over 3 years.',
      apiField: 'subsidyReceivedPence',
      required: true,
    },
    { id: 'england', kind: 'yes-no', question: 'Are the services you deliver in England?', apiField: 'servicesDeliveredInEngland', required: true },
  );
  for (const q of fund.questions) {
    steps.push({ id: `question-${q.id}`, kind: 'answer', question: q.text, apiField: `answers.${q.id}`, required: q.required, wordLimit: q.wordLimit, hint: q.required ? undefined : 'This question is optional.' });
  }
  return steps;
}

export type StepResult = { ok: true; patch: Record<string, unknown> } | { ok: false; error: string; value: unknown };

const questionId = (step: Step) => step.apiField.replace(/^answers\./, '');

/**
 * Reads the answer to one page. `saving` is "save and come back later": an empty answer is kept
 * as empty rather than refused, but a malformed one is still refused.
 */
export function readStep(step: Step, raw: unknown, saving = false): StepResult {
  switch (step.kind) {
    case 'text': {
      const value = text(raw);
      if (!value) return saving ? { ok: true, patch: {} } : { ok: false, error: 'Enter the name of your project', value };
      if (value.length > 200) return { ok: false, error: 'Project name must be 200 characters or fewer', value };
      return { ok: true, patch: { [step.apiField]: value } };
    }
    case 'money': {
      const value = text(raw);
      if (!value) return saving ? { ok: true, patch: {} } : { ok: false, error: 'Enter an amount in pounds', value };
      const pence = parsePounds(value);
      if (pence === undefined) return { ok: false, error: 'Enter an amount in pounds, like 25000 or 18927.50', value };
      return { ok: true, patch: { [step.apiField]: pence } };
    }
    case 'checkboxes': {
      const values = list(raw);
      if (values.some((v) => !step.items!.some((i) => i.value === v))) return { ok: false, error: 'Select the kinds of help from the list', value: [] };
      if (values.length === 0) return saving ? { ok: true, patch: {} } : { ok: false, error: 'Select at least one kind of help', value: values };
      return { ok: true, patch: { [step.apiField]: values } };
    }
    case 'yes-no': {
      const value = text(raw);
      if (value !== 'yes' && value !== 'no') return saving && !value ? { ok: true, patch: {} } : { ok: false, error: 'Select yes if the services are delivered in England', value };
      return { ok: true, patch: { [step.apiField]: value === 'yes' } };
    }
    case 'answer': {
      const value = typeof raw === 'string' ? raw.trim() : '';
      const words = countWords(value);
      if (words > step.wordLimit!) return { ok: false, error: `Your answer must be ${step.wordLimit} words or fewer; it has ${words}`, value };
      if (words === 0 && step.required && !saving) return { ok: false, error: 'Enter your answer to this question', value };
      return { ok: true, patch: { answers: [{ questionId: questionId(step), text: value }] } };
    }
  }
}

/** The answer as its form shows it. */
export function formValue(step: Step, application: ApplicationView): unknown {
  switch (step.kind) {
    case 'text':
      return application.title ?? '';
    case 'money':
      return poundsForInput(application[step.apiField as 'amountRequestedPence'] as number | null);
    case 'checkboxes':
      return application.supportTypes;
    case 'yes-no':
      return application.servicesDeliveredInEngland === null ? '' : application.servicesDeliveredInEngland ? 'yes' : 'no';
    case 'answer':
      return application.answers.find((a) => a.questionId === questionId(step))?.text ?? '';
  }
}

/** The answer as "check your answers" shows it; empty when not answered yet. */
export function summaryValue(step: Step, application: ApplicationView): string {
  const value = formValue(step, application);
  switch (step.kind) {
    case 'money':
      return value === '' ? '' : money(application[step.apiField as 'amountRequestedPence'] as number);
    case 'checkboxes':
      return (value as string[]).map((v) => step.items!.find((i) => i.value === v)?.text ?? v).join(', ');
    case 'yes-no':
      return value === 'yes' ? 'Yes' : value === 'no' ? 'No' : '';
    default:
      return String(value);
  }
}

/** The first page still needing an answer, for "continue your application". */
export function firstUnanswered(steps: Step[], application: ApplicationView): Step | undefined {
  return steps.find((s) => s.required && summaryValue(s, application) === '');
}
