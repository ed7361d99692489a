import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  ApplicationSubmitted,
  AwardMonitoringReturnReminded,
  AwardOffered,
  AwardOfferReissued,
  AwardPaymentMade,
  AwardWithdrawn,
  BidScreened,
  BidSubmitted,
  BudgetOverCommitted,
  BudgetThresholdReached,
  CaseAllocationBlocked,
  CaseAssessmentOverdue,
  CaseAssessorsAllocated,
  CaseClosed,
  CaseDecided,
  CaseReconsiderationRequested,
  CaseReconsidered,
  CaseRescreeningRefused,
  EventContract,
  RoundOpened,
  UserInvited,
} from '@mutuals/contracts';
import { RunningService, SmtpTestServer, startTestService, waitFor } from '@mutuals/testing';
import { NotificationsConfig } from '../src/config';
import { DELIVERY_STATUSES } from '../src/deliveries/delivery.entity';
import { notificationsService } from '../src/service';
import { CATALOGUE } from '../src/templates/catalogue';
import { envelope, publish, uniqueEmail } from './support/events';
import { NotifyTestServer } from './support/notify-test-server';
import { addContact, deliveriesTo, officer, removeAllContacts, settled } from './support/service';

const DAY = 86400000;
const inSeconds = (s: number, plusDays = 0) => new Date(Date.now() + plusDays * DAY + s * 1000).toISOString();

/** Both channels deliver the same messages; each provider is a real server speaking its protocol. */
interface Provider {
  name: string;
  settings: () => Record<string, unknown>;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  received: (email: string) => { subject: string; body: string }[];
  failTemporarily: (on: boolean) => void;
  failPermanently: (email: string) => void;
  failedPermanentlyBecause: RegExp;
}

const smtp = new SmtpTestServer();
const notify = new NotifyTestServer(CATALOGUE);

const providers: Provider[] = [
  {
    name: 'SMTP',
    settings: () => ({ SMTP_URL: smtp.url }),
    start: async () => void (await smtp.start()),
    stop: () => smtp.stop(),
    received: (email) => smtp.to(email),
    failTemporarily: (on) => (smtp.failWith = on ? { code: 421, message: 'Too busy, try later' } : undefined),
    failPermanently: () => (smtp.failWith = { code: 550, message: 'No such mailbox' }),
    failedPermanentlyBecause: /No such mailbox/,
  },
  {
    name: 'GOV.UK Notify',
    settings: () => ({ NOTIFY_API_KEY: notify.apiKey, NOTIFY_BASE_URL: notify.url }),
    start: () => notify.start(),
    stop: () => notify.stop(),
    received: (email) => notify.to(email),
    failTemporarily: (on) => (notify.failNext = on ? { status: 500, message: 'Internal server error', times: 1000 } : undefined),
    failPermanently: (email) => (notify.failNext = { status: 400, message: 'Can not send to this recipient using a team-only API key', times: 1, to: email }),
    failedPermanentlyBecause: /GOV.UK Notify refused the message: Can not send to this recipient/,
  },
];

describe.each(providers)('messages over $name', (provider) => {
  let service: RunningService<NotificationsConfig>;

  beforeAll(async () => {
    await provider.start();
    service = await startTestService(notificationsService, { ...provider.settings(), DELIVERY_RETRY_BASE_SECONDS: 1 });
    await removeAllContacts(service);
  });

  afterAll(async () => {
    await service?.close();
    await provider.stop();
  });

  it('sends every template, each from the event that triggers it, to the person it concerns', async () => {
    const applicant = uniqueEmail('applicant');
    const council = uniqueEmail('council');
    const bidder = uniqueEmail('bidder');
    const assessor = uniqueEmail('assessor');
    const budgetOfficer = uniqueEmail('officer');
    const invitee = uniqueEmail('invitee');
    await addContact(service, 'council', council, 'Jo Bennett');
    await addContact(service, 'officer', budgetOfficer, 'Sam Patel');
    const contact = { name: 'Alex Morgan', email: applicant };
    // Other suites publish rounds and budget alerts on the same topics: ours carry this run's name.
    const run = randomUUID().slice(0, 8);
    const roundName = `Delivering Differently ${run}`;
    const caseRef = () => ({ caseId: randomUUID(), sourceId: randomUUID(), programmeId: randomUUID(), contact });
    const award = () => ({ ...caseRef(), awardId: randomUUID() });
    const round = () => ({ roundId: randomUUID(), programmeId: randomUUID() });

    const events: [EventContract<any>, object][] = [
      [ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), contact }],
      [BidSubmitted, { ...BidSubmitted.example, bidId: randomUUID(), contact: { name: 'Jo Bennett', email: bidder } }],
      [BidScreened, { ...BidScreened.example, bidId: randomUUID(), outcome: 'ineligible', reasons: ['Not an English local authority'], contact: { name: 'Jo Bennett', email: bidder } }],
      [CaseAssessorsAllocated, { ...CaseAssessorsAllocated.example, ...caseRef(), assessors: [{ assessorId: 'assessor-1', name: 'Priya Shah', email: assessor }], dueAt: inSeconds(2) }],
      ...(['approved', 'reserve', 'rejected'] as const).map((outcome): [EventContract<any>, object] => [
        CaseDecided,
        { ...CaseDecided.example, ...caseRef(), outcome, amountPence: outcome === 'approved' ? 2_500_000 : undefined },
      ]),
      [AwardOffered, { ...AwardOffered.example, ...award(), expiresAt: inSeconds(2, 3) }],
      [AwardPaymentMade, { ...AwardPaymentMade.example, ...award() }],
      [AwardMonitoringReturnReminded, { ...AwardMonitoringReturnReminded.example, ...award(), kind: 'due-soon' }],
      [AwardMonitoringReturnReminded, { ...AwardMonitoringReturnReminded.example, ...award(), kind: 'overdue' }],
      [RoundOpened, { ...RoundOpened.example, ...round(), name: roundName, opensAt: new Date().toISOString(), closesAt: inSeconds(2, 7) }],
      [RoundOpened, { ...RoundOpened.example, ...round(), name: roundName, opensAt: new Date().toISOString(), closesAt: inSeconds(2, 1) }],
      [BudgetThresholdReached, { ...BudgetThresholdReached.example, programmeId: randomUUID(), programmeName: `Interim Support Fund ${run}` }],
      [CaseClosed, { ...CaseClosed.example, ...caseRef(), contact: { name: 'Jo Bennett', email: bidder } }],
      [CaseClosed, { ...CaseClosed.example, ...caseRef(), source: 'application', reason: 'withdrawn', previousStatus: 'approved', releasedPence: 2_500_000, closedBy: 'applicant' }],
      [AwardWithdrawn, { ...AwardWithdrawn.example, ...award(), reference: `MSF-${run}` }],
      [CaseRescreeningRefused, { ...CaseRescreeningRefused.example, ...caseRef(), reference: `DD-${run}` }],
      [BudgetOverCommitted, { ...BudgetOverCommitted.example, programmeId: randomUUID(), programmeName: `Interim Support Fund ${run}` }],
      [UserInvited, { ...UserInvited.example, userId: randomUUID(), name: 'Priya Shah', email: invitee, expiresAt: inSeconds(0, 7) }],
      [CaseReconsiderationRequested, { ...CaseReconsiderationRequested.example, ...caseRef(), reference: `MSF-${run}` }],
      [CaseReconsidered, { ...CaseReconsidered.example, ...caseRef() }],
      [CaseReconsidered, { ...CaseReconsidered.example, ...caseRef(), outcome: 'upheld', reopenedAt: undefined }],
      [AwardOfferReissued, { ...AwardOfferReissued.example, ...award() }],
      [CaseAssessmentOverdue, { ...CaseAssessmentOverdue.example, ...caseRef(), reference: `MSF-${run}` }],
      [CaseAllocationBlocked, { ...CaseAllocationBlocked.example, ...caseRef(), reference: `DD-${run}` }],
    ];
    for (const [contract, data] of events) await publish(contract, [envelope(contract, data)]);

    const recipients = [applicant, council, bidder, assessor, budgetOfficer, invitee];
    const ours = new Set(events.map(([, data]) => { const d = data as Record<string, string>; return d.applicationId ?? d.bidId ?? d.sourceId ?? d.roundId ?? d.programmeId ?? d.userId; }));
    // One message per event (three decisions, two rounds opening, two closed cases), two for a grant
    // withdrawn after payment (applicant and officers), plus four reminders: assessment overdue, offer
    // expiring, round closing in 7 days (first round) and in 24 hours (second round); and an invitation;
    // seven about reconsideration and officers' alerts (a request tells the applicant and the officers);
    // and two monitoring return reminders (due soon, overdue).
    const expected = 17 + 1 + 4 + 1 + 7 + 2;
    const sent = await waitFor(
      async () => {
        const rows = (await deliveriesTo(service, ...recipients)).filter((r) => ours.has(r.subject_id));
        return rows.length === expected && rows.every((r) => r.status === 'sent') && rows;
      },
      { what: 'every message sent', timeoutMs: 40000 },
    );
    expect(new Set(sent.map((r) => r.template_id))).toEqual(new Set(CATALOGUE.map((t) => t.id)));
    const toContactLists = (email: string) => provider.received(email).filter((m) => m.subject.includes(run));
    const received = [...[applicant, bidder, assessor, invitee].flatMap(provider.received), ...toContactLists(council), ...toContactLists(budgetOfficer)];
    expect(received).toHaveLength(expected);
    for (const message of received) expect(`${message.subject}\n${message.body}`).not.toMatch(/\(\(|\)\)/);
    expect(toContactLists(council).map((m) => m.subject).sort()).toEqual([
      `${roundName} closes in 24 hours`,
      `${roundName} closes in 7 days`,
      `${roundName} is open for bids`,
      `${roundName} is open for bids`,
    ]);
    expect(toContactLists(budgetOfficer)[0].body).toContain('Dear Sam Patel');
    const [invitation] = provider.received(invitee);
    expect(invitation.body).toContain('Dear Priya Shah');
    expect(invitation.body).toContain(`as an assessor.`);
    expect(invitation.body).toContain(UserInvited.example.invitationUrl);
    expect(provider.received(assessor).map((m) => m.subject)).toEqual(
      expect.arrayContaining([expect.stringContaining('Please assess MSF-2026-000123'), expect.stringContaining('is overdue')]),
    );
    expect(provider.received(applicant).map((m) => m.subject)).toEqual(
      expect.arrayContaining(['Your monitoring return for MSF-2026-000123 is due on 20 October 2026', 'Your monitoring return for MSF-2026-000123 is overdue']),
    );
    await removeAllContacts(service);
  }, 60000);

  it('retries a temporary failure with backoff, then delivers once', async () => {
    const applicant = uniqueEmail('retry');
    provider.failTemporarily(true);
    try {
      await publish(ApplicationSubmitted, [envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), contact: { name: 'Alex', email: applicant } })]);
      await waitFor(async () => (await deliveriesTo(service, applicant)).find((d) => d.status === 'temporary-failure' && d.attempts >= 2), { what: 'two failed attempts' });
    } finally {
      provider.failTemporarily(false);
    }
    const [delivery] = await settled(service, applicant, ['sent']);
    expect(delivery.attempts).toBeGreaterThanOrEqual(3);
    expect(provider.received(applicant)).toHaveLength(1);
  });

  it('records a permanent failure with the reason and does not retry it', async () => {
    const applicant = uniqueEmail('refused');
    provider.failPermanently(applicant);
    try {
      await publish(ApplicationSubmitted, [envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), contact: { name: 'Alex', email: applicant } })]);
      const [delivery] = await settled(service, applicant, ['permanent-failure']);
      expect(delivery.attempts).toBe(1);
      expect(delivery.failure_reason).toMatch(provider.failedPermanentlyBecause);
    } finally {
      provider.failTemporarily(false);
    }
    expect(provider.received(applicant)).toHaveLength(0);
  });

  it('records a message with nobody to send it to as a permanent failure with the reason, and carries on', async () => {
    const programmeId = randomUUID();
    await publish(BudgetThresholdReached, [envelope(BudgetThresholdReached, { ...BudgetThresholdReached.example, programmeId })]);
    const res = await waitFor(
      async () => {
        const page = await request(service.url).get('/deliveries').query({ subjectId: programmeId }).set(officer.auth).expect(200);
        return page.body.total === 1 && page.body;
      },
      { what: 'the budget alert in the delivery log' },
    );
    expect(res.items[0]).toMatchObject({ templateId: 'budget-alert', recipient: '', status: 'permanent-failure', failureReason: 'no officer contacts are registered' });
    expect(DELIVERY_STATUSES).toContain(res.items[0].status);
  });
});
