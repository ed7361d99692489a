import { countWords, SECTORS } from '@mutuals/domain';
import type { BidView, RoundView } from '../api/intake.types';
import { FormErrors } from '../forms/api-errors';
import { parsePounds, poundsForInput, text } from '../forms/form-values';

const ONS_CODE = /^[ENSW]\d{8}$/;

export type BidFormValues = Record<string, string>;

export const answerField = (questionId: string) => `answer-${questionId}`;

/** The bid form's fields as they show a saved draft. */
export function bidFormValues(bid: BidView): BidFormValues {
  const values: BidFormValues = {
    sector: bid.sector ?? '',
    title: bid.title ?? '',
    amount: poundsForInput(bid.amountRequestedPence),
    partners: bid.partnerAuthorityCodes.join('\n'),
  };
  for (const a of bid.answers) values[answerField(a.questionId)] = a.text;
  return values;
}

/**
 * Reads the bid form. Saving a draft accepts blanks; submitting needs every required answer.
 * Returns the change for the intake API, or the messages to show next to each field.
 */
export function readBidForm(body: Record<string, unknown>, round: RoundView, submitting: boolean): { values: BidFormValues; errors: FormErrors; patch: Record<string, unknown> } {
  const values: BidFormValues = { sector: text(body.sector), title: text(body.title), amount: text(body.amount), partners: text(body.partners) };
  const errors: FormErrors = {};
  const patch: Record<string, unknown> = {};

  if (values.title.length > 300) errors.title = 'Title must be 300 characters or fewer';
  else if (values.title) patch.title = values.title;
  else if (submitting) errors.title = 'Enter a title for your bid';

  if (values.sector) {
    if (SECTORS.includes(values.sector as never)) patch.sector = values.sector;
    else errors.sector = 'Select the service the bid is about';
  } else if (submitting) errors.sector = 'Select the service the bid is about';

  if (values.amount) {
    const pence = parsePounds(values.amount);
    if (pence === undefined || pence < 1) errors.amount = 'Enter an amount in pounds, like 95000';
    else patch.amountRequestedPence = pence;
  } else if (submitting) errors.amount = 'Enter how much funding you are bidding for';

  const partners = values.partners.split(/[\s,]+/).map((c) => c.toUpperCase()).filter(Boolean);
  if (partners.some((c) => !ONS_CODE.test(c))) errors.partners = 'Enter each partner authority as its ONS code, such as E08000011, one on each line';
  else if (partners.length > round.eligibility.maxPartners) errors.partners = `A joint bid can have at most ${round.eligibility.maxPartners} partners`;
  else patch.partnerAuthorityCodes = partners;

  const answers: { questionId: string; text: string }[] = [];
  for (const q of round.questions) {
    const field = answerField(q.id);
    const answer = typeof body[field] === 'string' ? (body[field] as string).trim() : '';
    values[field] = answer;
    const words = countWords(answer);
    if (words > q.wordLimit) errors[field] = `Your answer must be ${q.wordLimit} words or fewer; it has ${words}`;
    else if (words === 0 && q.required && submitting) errors[field] = `Answer "${q.text}"`;
    else answers.push({ questionId: q.id, text: answer });
  }
  patch.answers = answers;
  return { values, errors, patch };
}

/** Where the intake API's field names show on the form. */
export function bidFieldFor(apiField: string): string | undefined {
  if (apiField.startsWith('answers.')) return answerField(apiField.slice('answers.'.length));
  return { sector: 'sector', title: 'title', amountRequestedPence: 'amount', partnerAuthorityCodes: 'partners' }[apiField.replace(/\.\d+$/, '')];
}
