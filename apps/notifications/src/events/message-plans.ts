import {
  ApplicationSubmittedV1,
  AssessmentSubmittedV1,
  AwardMonitoringReturnRemindedV1,
  AwardOfferedV1,
  AwardOfferReissuedV1,
  AwardPaymentMadeV1,
  AwardWithdrawnV1,
  BidReconsiderationRequestedV1,
  BidReconsideredV1,
  BidScreenedV1,
  BidSubmittedV1,
  BudgetOverCommittedV1,
  BudgetThresholdReachedV1,
  CaseAllocationBlockedV1,
  CaseAssessmentOverdueV1,
  CaseAssessorsAllocatedV1,
  CaseClosedV1,
  CaseDecidedV1,
  CaseReconsiderationRequestedV1,
  CaseReconsideredV1,
  CaseRef,
  CaseRescreeningRefusedV1,
  RoundOpenedV1,
  UserInvitedV1,
} from '@mutuals/contracts';
import { formatPence } from '@mutuals/domain';
import { TEMPLATES } from '../templates/catalogue';
import { MessageTemplate } from '../templates/template';

export const CONTACT_KINDS = ['officer', 'council'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export interface Person {
  name: string;
  email: string;
}

/** Who a message goes to: people the event names, or one of the service's own contact lists. */
export type Audience = { people: Person[] } | { contacts: ContactKind };

export interface PlannedMessage {
  template: MessageTemplate;
  audience: Audience;
  /** The application, bid, case, award, round or programme the message is about. */
  subjectId: string;
  /** Fields for every recipient; ((name)) is filled per recipient from the audience. */
  personalisation: Record<string, string>;
  /**
   * Send later; until then a later event withdraws it by its cancel key or any prefix of it
   * ending at a ':' (`case:1` withdraws `case:1:assessor:2`).
   */
  schedule?: { key: string; dueAt: Date; cancelKey: string };
  /**
   * Not worth sending after this (the round has closed): messages are sent late if need be
   * (consumer lag, an outage, a new deployment reading every past event), but not then.
   */
  expiresAt?: Date;
}

/** What one event means for messages: some to send (now or later), some scheduled ones to withdraw. */
export interface MessagePlan {
  messages: PlannedMessage[];
  cancels: string[];
}

export const OFFER_REMINDER_DAYS_BEFORE_EXPIRY = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });
/** "30 May 2014 at 17:00", in UK time, as the people reading it live there. */
export const formatTime = (iso: string | Date) => london.format(new Date(iso));

const roundKey = (roundId: string) => `round:${roundId}`;
const caseKey = (caseId: string) => `case:${caseId}`;
const awardKey = (awardId: string) => `award:${awardId}`;
const assessmentKey = (caseId: string, assessorId: string) => `${caseKey(caseId)}:assessor:${assessorId}`;

const only = (...messages: PlannedMessage[]): MessagePlan => ({ messages, cancels: [] });
/** Reminders whose time had already passed when the event happened are not sent at all. */
const future = (messages: PlannedMessage[], happenedAt: Date) => messages.filter((m) => !m.schedule || m.schedule.dueAt > happenedAt);

function toCaseContact(data: CaseRef, template: MessageTemplate, personalisation: Record<string, string>): PlannedMessage {
  return { template, audience: { people: [data.contact] }, subjectId: data.sourceId, personalisation: { reference: data.reference, ...personalisation } };
}

/** The programme officers on our contact list. */
function toOfficers(template: MessageTemplate, subjectId: string, personalisation: Record<string, string>): PlannedMessage {
  return { template, audience: { contacts: 'officer' }, subjectId, personalisation };
}

export function applicationSubmitted(data: ApplicationSubmittedV1): MessagePlan {
  return only({
    template: TEMPLATES.applicationReceived,
    audience: { people: [data.contact] },
    subjectId: data.applicationId,
    personalisation: {
      reference: data.reference,
      organisation_name: data.organisationName,
      title: data.title,
      amount: formatPence(data.amountRequestedPence),
    },
  });
}

export function bidSubmitted(data: BidSubmittedV1): MessagePlan {
  return only({
    template: TEMPLATES.bidReceived,
    audience: { people: [data.contact] },
    subjectId: data.bidId,
    personalisation: { reference: data.reference, authority_name: data.authorityName, title: data.title, amount: formatPence(data.amountRequestedPence) },
  });
}

export function bidScreened(data: BidScreenedV1): MessagePlan {
  if (data.outcome !== 'ineligible') return only();
  return only({
    template: TEMPLATES.bidIneligible,
    audience: { people: [data.contact] },
    subjectId: data.bidId,
    personalisation: {
      reference: data.reference,
      authority_name: data.authorityName,
      reasons: data.reasons.length > 0 ? data.reasons.join('; ') : 'it does not meet the eligibility rules of the round',
    },
  });
}

export function caseAssessorsAllocated(data: CaseAssessorsAllocatedV1, happenedAt: Date): MessagePlan {
  const personalisation = { reference: data.reference, due_date: formatTime(data.dueAt) };
  const messages = data.assessors.flatMap((assessor): PlannedMessage[] => [
    { template: TEMPLATES.assessorAllocated, audience: { people: [assessor] }, subjectId: data.sourceId, personalisation },
    {
      template: TEMPLATES.assessmentOverdue,
      audience: { people: [assessor] },
      subjectId: data.sourceId,
      personalisation,
      // Withdrawn when this assessor submits, or when the case is decided.
      schedule: { key: `overdue:${data.caseId}:${assessor.assessorId}`, dueAt: new Date(data.dueAt), cancelKey: assessmentKey(data.caseId, assessor.assessorId) },
    },
  ]);
  return { messages: future(messages, happenedAt), cancels: [] };
}

export function assessmentSubmitted(data: AssessmentSubmittedV1): MessagePlan {
  return { messages: [], cancels: [assessmentKey(data.caseId, data.assessorId)] };
}

export function caseDecided(data: CaseDecidedV1): MessagePlan {
  const template = { approved: TEMPLATES.decisionApproved, reserve: TEMPLATES.decisionReserve, rejected: TEMPLATES.decisionRejected }[data.outcome];
  const amount: Record<string, string> = data.amountPence === undefined ? {} : { amount: formatPence(data.amountPence) };
  return { messages: [toCaseContact(data, template, { reason: data.reason, ...amount })], cancels: [caseKey(data.caseId)] };
}

export function awardOffered(data: AwardOfferedV1, happenedAt: Date): MessagePlan {
  const personalisation = {
    amount: formatPence(data.amountPence),
    expiry_date: formatTime(data.expiresAt),
    conditions: data.conditions.length > 0 ? data.conditions.map((c) => `* ${c}`).join('\n') : '* none beyond the standard grant agreement',
  };
  const reminder: PlannedMessage = {
    ...toCaseContact(data, TEMPLATES.offerExpiring, personalisation),
    schedule: {
      key: `offer-expiring:${data.awardId}`,
      dueAt: new Date(new Date(data.expiresAt).getTime() - OFFER_REMINDER_DAYS_BEFORE_EXPIRY * DAY_MS),
      cancelKey: awardKey(data.awardId),
    },
    expiresAt: new Date(data.expiresAt),
  };
  return { messages: future([toCaseContact(data, TEMPLATES.offerIssued, personalisation), reminder], happenedAt), cancels: [] };
}

/**
 * A case closed without an award: its reminders are withdrawn. A council whose bid was screened out
 * is told assessment has stopped; an applicant who withdrew after approval, that the approval is
 * withdrawn (before a decision they withdrew themselves and were told nothing was decided).
 */
export function caseClosed(data: CaseClosedV1): MessagePlan {
  const cancels = [caseKey(data.caseId)];
  if (data.reason === 'ineligible') {
    return { messages: [toCaseContact(data, TEMPLATES.assessmentStopped, { reasons: data.detail ?? 'it does not meet the eligibility rules of the round' })], cancels };
  }
  if (data.releasedPence > 0) return { messages: [toCaseContact(data, TEMPLATES.approvalWithdrawn, { amount: formatPence(data.releasedPence) })], cancels };
  return { messages: [], cancels };
}

/** The applicant is told the grant is withdrawn; officers, when money had been paid on it. */
export function awardWithdrawn(data: AwardWithdrawnV1): MessagePlan {
  const messages = [toCaseContact(data, TEMPLATES.offerWithdrawn, { amount: formatPence(data.amountPence) })];
  if (data.officerActionNeeded) {
    const figures = { amount: formatPence(data.amountPence), paid: formatPence(data.paidPence), released: formatPence(data.releasedPence) };
    messages.push(toOfficers(TEMPLATES.paidAwardWithdrawn, data.sourceId, { reference: data.reference, ...figures }));
  }
  return { messages, cancels: [awardKey(data.awardId)] };
}

export function caseRescreeningRefused(data: CaseRescreeningRefusedV1): MessagePlan {
  return only(
    toOfficers(TEMPLATES.rescreeningRefused, data.sourceId, {
      reference: data.reference,
      status: data.status,
      screened_by: data.screenedBy,
      reasons: data.reasons.length > 0 ? data.reasons.join('; ') : 'no reason given',
    }),
  );
}

export function budgetOverCommitted(data: BudgetOverCommittedV1): MessagePlan {
  return only(
    toOfficers(TEMPLATES.budgetOverCommitted, data.programmeId, {
      programme_name: data.programmeName,
      budget: formatPence(data.budgetPence),
      committed: formatPence(data.committedPence),
      over: formatPence(data.overCommittedPence),
    }),
  );
}

/** Accepted, declined or lapsed: the offer needs no more reminders. */
export function awardAnswered(data: { awardId: string }): MessagePlan {
  return { messages: [], cancels: [awardKey(data.awardId)] };
}

export function awardPaymentMade(data: AwardPaymentMadeV1): MessagePlan {
  return only(
    toCaseContact(data, TEMPLATES.paymentMade, {
      milestone: data.milestone,
      amount_paid: formatPence(data.paidPence),
      total_paid: formatPence(data.totalPaidPence),
      amount: formatPence(data.amountPence),
    }),
  );
}

/** The mutual is reminded of a monitoring return before it is due, and told once when it is overdue. */
export function monitoringReturnReminder(data: AwardMonitoringReturnRemindedV1): MessagePlan {
  const dueDate = new Date(`${data.dueOn}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const template = data.kind === 'overdue' ? TEMPLATES.monitoringReturnOverdue : TEMPLATES.monitoringReturnDue;
  return only(toCaseContact(data, template, { period: String(data.period), due_date: dueDate }));
}

/**
 * Round messages go to the councils on our own contact list: intake publishes no drafts, so
 * "authorities with a draft bid" cannot be known here; every council we know of is told instead.
 */
export function roundOpened(data: RoundOpenedV1, happenedAt: Date): MessagePlan {
  const closesAt = new Date(data.closesAt);
  const personalisation = {
    round_name: data.name,
    opens_at: formatTime(data.opensAt),
    closes_at: formatTime(data.closesAt),
    max_award: formatPence(data.maxAwardPence),
  };
  const councils = { contacts: 'council' } as const;
  const reminder = (template: MessageTemplate, before: number, label: string): PlannedMessage => ({
    template,
    audience: councils,
    subjectId: data.roundId,
    personalisation,
    schedule: { key: `round-closing-${label}:${data.roundId}`, dueAt: new Date(closesAt.getTime() - before), cancelKey: roundKey(data.roundId) },
    expiresAt: closesAt,
  });
  return {
    messages: future(
      [
        { template: TEMPLATES.roundOpening, audience: councils, subjectId: data.roundId, personalisation, expiresAt: closesAt },
        reminder(TEMPLATES.roundClosingInSevenDays, 7 * DAY_MS, '7-days'),
        reminder(TEMPLATES.roundClosingInOneDay, DAY_MS, '24-hours'),
      ],
      happenedAt,
    ),
    cancels: [],
  };
}

export function roundClosed(data: { roundId: string }): MessagePlan {
  return { messages: [], cancels: [roundKey(data.roundId)] };
}

export function budgetThresholdReached(data: BudgetThresholdReachedV1): MessagePlan {
  return only(
    toOfficers(TEMPLATES.budgetAlert, data.programmeId, {
      programme_name: data.programmeName,
      threshold: `${data.thresholdPercent}%`,
      committed: formatPence(data.committedPence),
      budget: formatPence(data.budgetPence),
    }),
  );
}

const ROLE_NAMES: Record<string, string> = { applicant: 'an applicant', assessor: 'an assessor', programme_officer: 'a programme officer', admin: 'an administrator' };

/** "an assessor and a programme officer" */
const rolesInWords = (roles: string[]) => {
  const names = roles.map((r) => ROLE_NAMES[r] ?? r);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
};

/** The invitation email: useless once its link has expired, so not sent after that. */
export function userInvited(data: UserInvitedV1): MessagePlan {
  return only({
    template: TEMPLATES.userInvited,
    audience: { people: [{ name: data.name, email: data.email }] },
    subjectId: data.userId,
    personalisation: { roles: rolesInWords(data.roles), invitation_url: data.invitationUrl, expiry_date: formatTime(data.expiresAt) },
    expiresAt: new Date(data.expiresAt),
  });
}

/** The applicant is told their request arrived; officers, that it waits for an independent review. */
export function caseReconsiderationRequested(data: CaseReconsiderationRequestedV1): MessagePlan {
  return only(
    toCaseContact(data, TEMPLATES.reconsiderationReceived, {}),
    toOfficers(TEMPLATES.reconsiderationWaiting, data.sourceId, { reference: data.reference, decided_by: data.decidedBy }),
  );
}

const NEXT_STEP: Record<string, string> = {
  eligible: 'Your bid is now eligible and goes on to assessment. We will tell you the decision.',
  'in-assessment': 'Your case is back in assessment: the scores already given are kept and a further assessor will score it. We will tell you the new decision.',
  assessed: 'Your case goes back to the panel for a new decision on its scores. We will tell you the new decision.',
};

export function caseReconsidered(data: CaseReconsideredV1): MessagePlan {
  if (data.outcome === 'upheld') return only(toCaseContact(data, TEMPLATES.reconsiderationUpheld, { reason: data.reason }));
  return only(toCaseContact(data, TEMPLATES.reconsiderationOverturned, { reason: data.reason, next_step: NEXT_STEP[data.reopenedAt ?? 'in-assessment'] }));
}

/**
 * The re-issued offer, with its new expiry. No expiry reminder: the offer's reminders were withdrawn
 * for good when it lapsed (a withdrawal is kept, so a late schedule under it never fires).
 */
export function awardOfferReissued(data: AwardOfferReissuedV1): MessagePlan {
  return only(toCaseContact(data, TEMPLATES.offerReissued, { amount: formatPence(data.amountPence), expiry_date: formatTime(data.expiresAt) }));
}

export function caseAssessmentOverdue(data: CaseAssessmentOverdueV1): MessagePlan {
  return only(toOfficers(TEMPLATES.assessmentOverdueOfficers, data.sourceId, { reference: data.reference, assessor_name: data.assessorName, due_date: formatTime(data.dueAt) }));
}

export function caseAllocationBlocked(data: CaseAllocationBlockedV1): MessagePlan {
  return only(toOfficers(TEMPLATES.allocationBlocked, data.sourceId, { reference: data.reference, reason: data.reason }));
}

/** A council's request to reconsider the screening of its bid as ineligible (intake reviews it). */
export function bidReconsiderationRequested(data: BidReconsiderationRequestedV1): MessagePlan {
  const toCouncil: PlannedMessage = { template: TEMPLATES.reconsiderationReceived, audience: { people: [data.contact] }, subjectId: data.bidId, personalisation: { reference: data.reference } };
  const decidedBy = data.screenedBy === 'automatic' ? 'the automatic eligibility check' : data.screenedBy;
  return only(toCouncil, toOfficers(TEMPLATES.reconsiderationWaiting, data.bidId, { reference: data.reference, decided_by: decidedBy }));
}

export function bidReconsidered(data: BidReconsideredV1): MessagePlan {
  const personalisation: Record<string, string> = data.outcome === 'upheld' ? { reference: data.reference, reason: data.reason } : { reference: data.reference, reason: data.reason, next_step: NEXT_STEP.eligible };
  const template = data.outcome === 'upheld' ? TEMPLATES.reconsiderationUpheld : TEMPLATES.reconsiderationOverturned;
  return only({ template, audience: { people: [data.contact] }, subjectId: data.bidId, personalisation });
}
