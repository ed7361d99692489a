import { AwardMonitoringReturnReminded, AwardOffered, AwardWithdrawn, BidReconsidered, BidScreened, CaseClosed, CaseDecided, CaseReconsidered, EventContract, RoundOpened } from '@mutuals/contracts';
import { CATALOGUE } from '../templates/catalogue';
import { placeholdersOf, render } from '../templates/template';
import { PlannedMessage } from './message-plans';
import { TRIGGERS } from './triggers';

/** Each contract's example, and the variants that trigger its other messages. */
const VARIANTS = new Map<EventContract, object[]>([
  [BidScreened, [{ ...BidScreened.example, outcome: 'ineligible', reasons: ['The applicant is not an English local authority'] }, { ...BidScreened.example, outcome: 'ineligible', reasons: [] }]],
  [CaseDecided, [{ ...CaseDecided.example, outcome: 'reserve', amountPence: undefined }, { ...CaseDecided.example, outcome: 'rejected', amountPence: undefined }]],
  [AwardOffered, [{ ...AwardOffered.example, conditions: [] }]],
  [CaseClosed, [{ ...CaseClosed.example, reason: 'withdrawn', previousStatus: 'approved', releasedPence: 2_500_000, detail: undefined, closedBy: 'applicant' }, { ...CaseClosed.example, detail: undefined }]],
  [AwardWithdrawn, [{ ...AwardWithdrawn.example, paidPence: 0, releasedPence: 2_500_000, officerActionNeeded: false }]],
  [AwardMonitoringReturnReminded, [{ ...AwardMonitoringReturnReminded.example, kind: 'due-soon' }]],
  [BidReconsidered, [{ ...BidReconsidered.example, outcome: 'upheld' }]],
  [CaseReconsidered, [{ ...CaseReconsidered.example, outcome: 'upheld', reopenedAt: undefined }, { ...CaseReconsidered.example, reopenedAt: 'assessed' }]],
]);

/** Long before every example's dates, so every reminder is still ahead. */
const LONG_AGO = new Date('2000-01-01T00:00:00Z');
const COUNCIL = { name: 'Jo Bennett', email: 'jo.bennett@liverpool.example.gov.uk' };

function recipientsOf(message: PlannedMessage) {
  return 'people' in message.audience ? message.audience.people : [COUNCIL];
}

const planned = TRIGGERS.flatMap((trigger) =>
  [trigger.contract.example, ...(VARIANTS.get(trigger.contract) ?? [])].flatMap((data) =>
    trigger.plan(data, LONG_AGO).messages.map((message) => ({ event: trigger.contract.type, message })),
  ),
);

describe('message templates and the events that trigger them', () => {
  it.each(planned.flatMap(({ event, message }) => recipientsOf(message).map((person) => [message.template.id, event, message, person] as const)))(
    '%s renders from %s with every placeholder filled',
    (_, __, message, person) => {
      const { subject, body } = render(message.template, { ...message.personalisation, name: person.name });
      expect(`${subject}\n${body}`).not.toMatch(/\(\(|\)\)|undefined|NaN/);
      expect(subject.length).toBeGreaterThan(5);
    },
  );

  it('every template in the catalogue is triggered by some event', () => {
    const triggered = new Set(planned.map((p) => `${p.message.template.id}@${p.message.template.version}`));
    expect(CATALOGUE.map((t) => `${t.id}@${t.version}`).filter((t) => !triggered.has(t))).toEqual([]);
  });

  it('template ids and versions are unique, and every template greets its recipient by name', () => {
    expect(new Set(CATALOGUE.map((t) => `${t.id}@${t.version}`)).size).toBe(CATALOGUE.length);
    expect(new Set(CATALOGUE.map((t) => t.notifyTemplateId)).size).toBe(CATALOGUE.length);
    for (const template of CATALOGUE) expect(placeholdersOf(template)).toContain('name');
  });

  it('puts the money and the dates in words people read (pounds, UK time)', () => {
    const [offer] = TRIGGERS.find((t) => t.contract === AwardOffered)!.plan(AwardOffered.example, LONG_AGO).messages;
    expect(offer.personalisation.amount).toBe('£25,000.00');
    expect(offer.personalisation.expiry_date).toBe('10 July 2026 at 17:00');
  });

  it('schedules round reminders 7 days and 24 hours before closing, useless once it has closed, and none already past when it opened', () => {
    const plan = (now: Date) => TRIGGERS.find((t) => t.contract === RoundOpened)!.plan(RoundOpened.example, now).messages;
    const closes = new Date(RoundOpened.example.closesAt).getTime();
    expect(plan(LONG_AGO).map((m) => m.schedule && closes - m.schedule.dueAt.getTime())).toEqual([undefined, 7 * 86400000, 86400000]);
    expect(plan(LONG_AGO).map((m) => m.expiresAt)).toEqual([new Date(closes), new Date(closes), new Date(closes)]);
    const threeDaysBefore = new Date(closes - 3 * 86400000);
    expect(plan(threeDaysBefore).map((m) => m.template.id)).toEqual(['round-opening', 'round-closing-24-hours']);
  });
});

describe('messages when a case or award ends without being paid out', () => {
  const plan = (contract: EventContract, data: object) => TRIGGERS.find((t) => t.contract === contract)!.plan(data, LONG_AGO);

  it('a case closed by a withdrawal before any decision tells nobody, and withdraws its reminders', () => {
    const closed = plan(CaseClosed, { ...CaseClosed.example, reason: 'withdrawn', previousStatus: 'in-assessment', releasedPence: 0, closedBy: 'applicant' });
    expect(closed).toEqual({ messages: [], cancels: [`case:${CaseClosed.example.caseId}`] });
  });

  it('a grant withdrawn after payment alerts the officers as well as the applicant', () => {
    const paid = plan(AwardWithdrawn, AwardWithdrawn.example);
    expect(paid.messages.map((m) => [m.template.id, 'contacts' in m.audience ? m.audience.contacts : 'person'])).toEqual([
      ['offer-withdrawn', 'person'],
      ['paid-award-withdrawn', 'officer'],
    ]);
    expect(paid.cancels).toEqual([`award:${AwardWithdrawn.example.awardId}`]);
    expect(paid.messages[1].personalisation).toMatchObject({ paid: '£12,500.00', released: '£12,500.00' });
  });
});
