import { MessageTemplate } from './template';

const SIGN_OFF = ['', 'Mutuals support programme'];
const lines = (...text: string[]) => [...text, ...SIGN_OFF].join('\n');

/** The current version of every message. Changing a message's wording: add a new version, keep the old one below. */
export const TEMPLATES = {
  applicationReceived: {
    id: 'application-received',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0101',
    subject: 'We have received your application ((reference))',
    body: lines(
      'Dear ((name)),',
      '',
      'Thank you for applying to the mutuals support fund for ((organisation_name)).',
      '',
      'Your application reference is ((reference)). Quote it if you contact us.',
      'You asked for ((amount)) for: ((title)).',
      '',
      'We will tell you when your application moves to assessment.',
    ),
  },
  bidReceived: {
    id: 'bid-received',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0102',
    subject: 'We have received your bid ((reference))',
    body: lines(
      'Dear ((name)),',
      '',
      'Thank you for the bid from ((authority_name)): ((title)).',
      'You asked for ((amount)). Your bid reference is ((reference)).',
      '',
      'We check every bid against the eligibility rules of the round and will tell you the outcome.',
    ),
  },
  bidIneligible: {
    id: 'bid-ineligible',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0103',
    subject: 'Your bid ((reference)) is not eligible',
    body: lines(
      'Dear ((name)),',
      '',
      'We have checked the bid from ((authority_name)) (((reference))) against the rules of the round.',
      'We cannot take it forward, because: ((reasons)).',
      '',
      'If you think this is wrong, reply to this email quoting ((reference)).',
    ),
  },
  assessorAllocated: {
    id: 'assessor-allocated',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0104',
    subject: 'Please assess ((reference)) by ((due_date))',
    body: lines(
      'Dear ((name)),',
      '',
      'You have been allocated ((reference)) to assess. Please submit your scores by ((due_date)).',
      '',
      'If you have a conflict of interest with this applicant, tell us before you start.',
    ),
  },
  assessmentOverdue: {
    id: 'assessment-overdue',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0105',
    subject: 'Your assessment of ((reference)) is overdue',
    body: lines(
      'Dear ((name)),',
      '',
      'Your assessment of ((reference)) was due by ((due_date)) and no decision has been made yet.',
      'Please submit your scores as soon as you can, or tell us if you cannot.',
    ),
  },
  decisionApproved: {
    id: 'decision-approved',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0106',
    subject: '((reference)) has been approved',
    body: lines(
      'Dear ((name)),',
      '',
      'We are pleased to tell you that ((reference)) has been approved for ((amount)).',
      'The panel said: ((reason))',
      '',
      'We will send you a grant offer with its conditions.',
    ),
  },
  decisionReserve: {
    id: 'decision-reserve',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0107',
    subject: '((reference)) is on the reserve list',
    body: lines(
      'Dear ((name)),',
      '',
      '((reference)) has been placed on the reserve list. If funding becomes available we will contact you.',
      'The panel said: ((reason))',
    ),
  },
  decisionRejected: {
    id: 'decision-rejected',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0108',
    subject: 'The decision on ((reference))',
    body: lines(
      'Dear ((name)),',
      '',
      'We are sorry to tell you that ((reference)) has not been approved.',
      'The panel said: ((reason))',
    ),
  },
  offerIssued: {
    id: 'offer-issued',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0109',
    subject: 'Your grant offer for ((reference))',
    body: lines(
      'Dear ((name)),',
      '',
      'We offer you a grant of ((amount)) for ((reference)), on these conditions:',
      '((conditions))',
      '',
      'Please accept or decline the offer by ((expiry_date)). After that it lapses.',
    ),
  },
  offerExpiring: {
    id: 'offer-expiring',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0110',
    subject: 'Your grant offer for ((reference)) expires on ((expiry_date))',
    body: lines(
      'Dear ((name)),',
      '',
      'You have not yet answered our offer of ((amount)) for ((reference)).',
      'It lapses on ((expiry_date)). Please accept or decline it before then.',
    ),
  },
  paymentMade: {
    id: 'payment-made',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0111',
    subject: 'We have paid ((amount_paid)) for ((reference))',
    body: lines(
      'Dear ((name)),',
      '',
      'We have paid ((amount_paid)) for the milestone "((milestone))" of ((reference)).',
      'In all we have paid ((total_paid)) of your ((amount)) grant.',
    ),
  },
  roundOpening: {
    id: 'round-opening',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0112',
    subject: '((round_name)) is open for bids',
    body: lines(
      'Dear ((name)),',
      '',
      '((round_name)) opened on ((opens_at)) and closes at ((closes_at)).',
      'Each council may bid for up to ((max_award)).',
    ),
  },
  roundClosingInSevenDays: {
    id: 'round-closing-7-days',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0113',
    subject: '((round_name)) closes in 7 days',
    body: lines(
      'Dear ((name)),',
      '',
      '((round_name)) closes at ((closes_at)). If your council is preparing a bid, submit it before then:',
      'bids after the closing time cannot be accepted.',
    ),
  },
  roundClosingInOneDay: {
    id: 'round-closing-24-hours',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0114',
    subject: '((round_name)) closes in 24 hours',
    body: lines(
      'Dear ((name)),',
      '',
      '((round_name)) closes at ((closes_at)), 24 hours from now. A draft bid that is not submitted by then cannot be considered.',
    ),
  },
  budgetAlert: {
    id: 'budget-alert',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0115',
    subject: '((programme_name)) has committed ((threshold)) of its budget',
    body: lines(
      'Dear ((name)),',
      '',
      'Commitments on ((programme_name)) have passed ((threshold)) of its budget:',
      '((committed)) committed of ((budget)).',
      '',
      'Check the pipeline before approving more awards.',
    ),
  },
  assessmentStopped: {
    id: 'assessment-stopped',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0116',
    subject: 'Assessment of ((reference)) has stopped',
    body: lines(
      'Dear ((name)),',
      '',
      'The bid ((reference)) has been screened again and found not eligible, because: ((reasons)).',
      'We have stopped assessing it, and its assessors have been released.',
      '',
      'If you think this is wrong, reply to this email quoting ((reference)).',
    ),
  },
  approvalWithdrawn: {
    id: 'approval-withdrawn',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0117',
    subject: 'We have withdrawn the approval of ((reference))',
    body: lines(
      'Dear ((name)),',
      '',
      'As you withdrew ((reference)), we have withdrawn its approval for ((amount)).',
      'No grant offer will be made, and the money has gone back into the programme for others.',
    ),
  },
  offerWithdrawn: {
    id: 'offer-withdrawn',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0118',
    subject: 'We have withdrawn the grant of ((amount)) for ((reference))',
    body: lines(
      'Dear ((name)),',
      '',
      'As you withdrew ((reference)), we have withdrawn our grant of ((amount)) for it. No further payments will be made.',
      'If we have already paid you anything under this grant, a programme officer will contact you about it.',
    ),
  },
  paidAwardWithdrawn: {
    id: 'paid-award-withdrawn',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0119',
    subject: '((reference)) was withdrawn after ((paid)) was paid',
    body: lines(
      'Dear ((name)),',
      '',
      'The applicant withdrew ((reference)) after ((paid)) of its ((amount)) grant had been paid.',
      'The unpaid ((released)) has gone back into the budget. What was paid stays committed until you decide whether to claw it back.',
      'The award is flagged for you in the awards service.',
    ),
  },
  rescreeningRefused: {
    id: 'rescreening-refused',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0120',
    subject: '((reference)) was screened ineligible after it was ((status))',
    body: lines(
      'Dear ((name)),',
      '',
      '((reference)) was screened ineligible by ((screened_by)) after its case had been ((status)), because: ((reasons)).',
      'The decision stands until you resolve it: withdraw the award, or put the screening back.',
      'The case is flagged for you in the awards service.',
    ),
  },
  budgetOverCommitted: {
    id: 'budget-over-committed',
    version: 1,
    notifyTemplateId: '3f0b6a52-1c1e-4c83-9d36-2b5d4f6a0121',
    subject: '((programme_name)) is over-committed by ((over))',
    body: lines(
      'Dear ((name)),',
      '',
      'The budget of ((programme_name)) was lowered to ((budget)) while ((committed)) was already committed.',
      'No more awards can be approved on it until the budget is raised or ((over)) is freed.',
    ),
  },
} satisfies Record<string, MessageTemplate>;

/** Every version of every template, so messages queued before a wording change still render. */
export const CATALOGUE: readonly MessageTemplate[] = Object.values(TEMPLATES);

export function templateVersion(id: string, version: number): MessageTemplate | undefined {
  return CATALOGUE.find((t) => t.id === id && t.version === version);
}
