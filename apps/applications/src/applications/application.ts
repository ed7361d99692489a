import { countWords, DomainError } from '@mutuals/domain';
import type { FundQuestion } from '../funds/fund.entity';

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'withdrawn',
  'in_assessment',
  'approved',
  'reserve',
  'rejected',
  'offer_issued',
  'accepted',
  'declined',
  'lapsed',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Before a decision the applicant may still withdraw. */
export const WITHDRAWABLE_STATUSES: readonly ApplicationStatus[] = ['draft', 'submitted', 'in_assessment'];

/** Statuses the awards service's events move an application to. */
export type AwardsStatus = Exclude<ApplicationStatus, 'draft' | 'submitted' | 'withdrawn'>;

/**
 * How far along the awards process each status is. Awards events travel on different topics,
 * so they can arrive out of order; an event never moves an application backwards.
 */
const AWARDS_PROGRESS: Record<ApplicationStatus, number> = {
  draft: 0,
  submitted: 1,
  withdrawn: 1,
  in_assessment: 2,
  approved: 3,
  reserve: 3,
  rejected: 3,
  offer_issued: 4,
  accepted: 5,
  declined: 5,
  lapsed: 5,
};

export function assertEditable(status: ApplicationStatus): void {
  if (status !== 'draft') {
    throw new DomainError('conflict', 'application-not-editable', `This application is ${status.replace('_', ' ')}; only a draft can be changed`);
  }
}

export function assertSubmittable(status: ApplicationStatus): void {
  if (status !== 'draft') {
    throw new DomainError('conflict', 'application-already-submitted', `This application is ${status.replace('_', ' ')}; only a draft can be submitted`);
  }
}

export function assertWithdrawable(status: ApplicationStatus): void {
  if (status === 'withdrawn') throw new DomainError('conflict', 'application-already-withdrawn', 'This application has already been withdrawn');
  if (!WITHDRAWABLE_STATUSES.includes(status)) {
    throw new DomainError('conflict', 'application-decided', `A decision has been made on this application (${status.replace('_', ' ')}); it can no longer be withdrawn`);
  }
}

/**
 * Whether an awards event should change the applicant's view: only for an application that
 * was submitted and not withdrawn, and only forwards; a later re-decision (reserve, then
 * approved) replaces an earlier one.
 */
export function acceptsAwardsUpdate(current: { status: ApplicationStatus; awardsEventAt: Date | null }, next: { status: AwardsStatus; at: Date }): boolean {
  if (current.status === 'draft' || current.status === 'withdrawn') return false;
  const from = AWARDS_PROGRESS[current.status];
  const to = AWARDS_PROGRESS[next.status];
  if (to !== from) return to > from;
  return to === AWARDS_PROGRESS.approved && current.awardsEventAt !== null && next.at > current.awardsEventAt && next.status !== current.status;
}

export interface DraftContent {
  title: string | null;
  supportTypes: string[];
  amountRequestedPence: number | null;
  subsidyReceivedPence: number | null;
  servicesDeliveredInEngland: boolean | null;
  answers: Record<string, string>;
}

/** What is still missing before an application can be submitted, by field name. */
export function missingForSubmission(content: DraftContent, questions: FundQuestion[]): string[] {
  const missing: string[] = [];
  if (!content.title) missing.push('title');
  if (content.supportTypes.length === 0) missing.push('supportTypes');
  if (content.amountRequestedPence === null) missing.push('amountRequestedPence');
  for (const question of questions) {
    if (question.required && countWords(content.answers[question.id] ?? '') === 0) missing.push(`answers.${question.id}`);
  }
  if (content.subsidyReceivedPence === null) missing.push('subsidyReceivedPence');
  if (content.servicesDeliveredInEngland === null) missing.push('servicesDeliveredInEngland');
  return missing;
}

/** Refuses answers to questions the fund does not ask, and answers over their word limit. */
export function assertAnswersFit(answers: Record<string, string>, questions: FundQuestion[]): void {
  const unknown = Object.keys(answers).filter((id) => !questions.some((q) => q.id === id));
  if (unknown.length > 0) {
    throw new DomainError('unprocessable', 'unknown-question', `This fund asks no question with the id ${unknown.join(', ')}`, {
      fields: unknown.map((id) => `answers.${id}`),
    });
  }
  const tooLong = questions
    .map((q) => ({ questionId: q.id, question: q.text, words: countWords(answers[q.id] ?? ''), wordLimit: q.wordLimit }))
    .filter((a) => a.words > a.wordLimit);
  if (tooLong.length > 0) {
    throw new DomainError(
      'unprocessable',
      'answer-too-long',
      tooLong.map((a) => `Your answer to "${a.question}" has ${a.words} words; the limit is ${a.wordLimit}`).join('. '),
      { fields: tooLong.map((a) => `answers.${a.questionId}`), answers: tooLong },
    );
  }
}

export function formatReference(year: number, sequence: number): string {
  return `MSF-${year}-${String(sequence).padStart(6, '0')}`;
}
