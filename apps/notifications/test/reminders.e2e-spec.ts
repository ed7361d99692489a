import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AssessmentSubmitted, AwardAccepted, AwardOffered, CaseAssessorsAllocated, CaseDecided, RoundClosed, RoundOpened } from '@mutuals/contracts';
import { eventsHandled, RunningService, SmtpTestServer, startTestService, waitFor } from '@mutuals/testing';
import { NotificationsConfig } from '../src/config';
import { notificationsService } from '../src/service';
import { envelope, publish, uniqueEmail } from './support/events';
import { addContact, deliveriesSettled, dueSchedulesDone, removeAllContacts } from './support/service';

const DAY = 86400000;
const closingIn = (days: number, seconds: number) => new Date(Date.now() + days * DAY + seconds * 1000).toISOString();

describe('scheduled reminders with two replicas', () => {
  const smtp = new SmtpTestServer();
  let replicas: RunningService<NotificationsConfig>[] = [];

  beforeAll(async () => {
    await smtp.start();
    replicas = [await startTestService(notificationsService, { SMTP_URL: smtp.url }), await startTestService(notificationsService, { SMTP_URL: smtp.url })];
    await removeAllContacts(replicas[0]);
  });

  afterAll(async () => {
    // The last test stops the first replica; the second is there to the end.
    if (replicas[1]) await removeAllContacts(replicas[1]);
    for (const replica of replicas) await replica.close();
    await smtp.stop();
  });

  // Other suites publish rounds on the same topics: ours carry this run's name.
  const run = randomUUID().slice(0, 8);
  const subjectsTo = (email: string) => smtp.to(email).map((m) => m.subject).filter((s) => s.includes(run)).sort();

  it('sends each round-closing reminder once to every council, and none for a round that closed early', async () => {
    const councils = [uniqueEmail('council'), uniqueEmail('council')];
    for (const email of councils) await addContact(replicas[0], 'council', email);
    const round = (name: string, closesAt: string) => ({ ...RoundOpened.example, roundId: randomUUID(), programmeId: randomUUID(), name, opensAt: new Date().toISOString(), closesAt });
    const weekAway = round(`Week away ${run}`, closingIn(7, 3));
    const dayAway = round(`Day away ${run}`, closingIn(1, 3));
    const closedEarly = round(`Closed early ${run}`, closingIn(7, 20));
    await publish(RoundOpened, [envelope(RoundOpened, weekAway), envelope(RoundOpened, dayAway), envelope(RoundOpened, closedEarly)]);
    await publish(RoundClosed, [envelope(RoundClosed, { ...RoundClosed.example, roundId: closedEarly.roundId, programmeId: closedEarly.programmeId })]);
    const db = replicas[0].app.get(DataSource);
    const schedules = () =>
      db.query(`select status, count(*)::int as n from scheduled_messages where cancel_key = any($1) group by status order by status`, [
        [weekAway, dayAway, closedEarly].map((r) => `round:${r.roundId}`),
      ]);
    // The early close is processed before that round's reminder falls due (in 20 s), whichever topic is read first.
    await waitFor(async () => (await schedules()).some((s: { status: string }) => s.status === 'cancelled'), { what: 'the reminders withdrawn', timeoutMs: 15000 });

    const expected = [
      `Closed early ${run} is open for bids`,
      `Day away ${run} closes in 24 hours`,
      `Day away ${run} is open for bids`,
      `Week away ${run} closes in 7 days`,
      `Week away ${run} is open for bids`,
    ];
    // Two replicas joining one consumer group may take a rebalance or two before either consumes.
    for (const email of councils) await waitFor(() => subjectsTo(email).length >= expected.length, { what: `the reminders to ${email}`, timeoutMs: 60000 });
    // Fired: a week away's 7-day and a day away's 24-hour reminder; pending: a week away's 24-hour one.
    const final = [
      { status: 'cancelled', n: 2 },
      { status: 'fired', n: 2 },
      { status: 'pending', n: 1 },
    ];
    await waitFor(async () => JSON.stringify(await schedules()) === JSON.stringify(final), { what: 'every due reminder fired once', timeoutMs: 30000 });
    // Nothing is left to fire or to send: what has arrived is all there will be.
    await deliveriesSettled(replicas[0], ...councils);
    for (const email of councils) expect(subjectsTo(email)).toEqual(expected);
    expect(await schedules()).toEqual(final);
  }, 90000);

  it('sends a round message late if the service was behind, but not once its round has closed', async () => {
    const council = uniqueEmail('council');
    await addContact(replicas[0], 'council', council);
    const hour = 3600000;
    // Learnt of late: the round opened two days ago and closed an hour ago; its 24-hour reminder fell due 25 hours ago.
    const closed = { ...RoundOpened.example, roundId: randomUUID(), name: `Already closed ${run}`, opensAt: new Date(Date.now() - 2 * DAY).toISOString(), closesAt: new Date(Date.now() - hour).toISOString() };
    // Still open: its 24-hour reminder fell due ten seconds ago, while the service was behind.
    const open = { ...RoundOpened.example, roundId: randomUUID(), name: `Still open ${run}`, opensAt: new Date(Date.now() - 2 * DAY).toISOString(), closesAt: new Date(Date.now() + DAY - 10000).toISOString() };
    const late = (data: typeof closed) => ({ ...envelope(RoundOpened, data), time: data.opensAt });
    await publish(RoundOpened, [late(closed), late(open)]);
    await waitFor(() => subjectsTo(council).length >= 2, { what: 'the late messages', timeoutMs: 60000 });
    await dueSchedulesDone(replicas[0], [`round:${closed.roundId}`, `round:${open.roundId}`]);
    await deliveriesSettled(replicas[0], council);
    expect(subjectsTo(council)).toEqual([`Still open ${run} closes in 24 hours`, `Still open ${run} is open for bids`]);
    const [{ status }] = await replicas[0].app.get(DataSource).query(`select status from scheduled_messages where cancel_key = $1`, [`round:${closed.roundId}`]);
    expect(status).toBe('expired');
  }, 90000);

  it('reminds only the assessors who have not submitted, and nobody once the case is decided', async () => {
    const [done, late, decidedFirst] = [uniqueEmail('done'), uniqueEmail('late'), uniqueEmail('decided')];
    const dueAt = new Date(Date.now() + 8000).toISOString();
    const openCase = { ...CaseAssessorsAllocated.example, caseId: randomUUID(), dueAt };
    const decidedCase = { ...CaseAssessorsAllocated.example, caseId: randomUUID(), dueAt };
    await publish(CaseAssessorsAllocated, [
      envelope(CaseAssessorsAllocated, { ...openCase, assessors: [{ assessorId: 'assessor-done', name: 'Dana', email: done }, { assessorId: 'assessor-late', name: 'Lee', email: late }] }),
      envelope(CaseAssessorsAllocated, { ...decidedCase, assessors: [{ assessorId: 'assessor-decided', name: 'Dev', email: decidedFirst }] }),
    ]);
    await publish(AssessmentSubmitted, [envelope(AssessmentSubmitted, { ...AssessmentSubmitted.example, caseId: openCase.caseId, assessorId: 'assessor-done' })]);
    await publish(CaseDecided, [envelope(CaseDecided, { ...CaseDecided.example, caseId: decidedCase.caseId })]);

    await waitFor(() => smtp.to(late).length >= 2, { what: 'the late assessor’s reminder', timeoutMs: 60000 });
    // Every reminder of both cases has fallen due by now: each has fired or been withdrawn, and its messages have gone.
    await dueSchedulesDone(replicas[0], [`case:${openCase.caseId}`, `case:${decidedCase.caseId}`]);
    await deliveriesSettled(replicas[0], done, late, decidedFirst);
    const overdue = (email: string) => smtp.to(email).filter((m) => m.subject.includes('overdue'));
    expect(overdue(late)).toHaveLength(1);
    expect(overdue(done)).toHaveLength(0);
    expect(overdue(decidedFirst)).toHaveLength(0);
    expect(smtp.to(done).map((m) => m.subject)).toEqual([expect.stringContaining('Please assess')]);
  }, 90000);

  it('withdraws the offer-expiring reminder when the offer is answered, even if the answer arrives first', async () => {
    const email = uniqueEmail('applicant');
    const offer = { ...AwardOffered.example, caseId: randomUUID(), awardId: randomUUID(), contact: { name: 'Alex', email }, expiresAt: closingIn(3, 2) };
    const accepted = envelope(AwardAccepted, { ...AwardAccepted.example, ...offer, respondedBy: 'user-3bm-lead', respondedAt: new Date().toISOString() });
    await publish(AwardAccepted, [accepted]);
    await eventsHandled(replicas[0].app.get(DataSource), [accepted.id]);
    await publish(AwardOffered, [envelope(AwardOffered, offer)]);
    await waitFor(() => smtp.to(email).length > 0, { what: 'the offer', timeoutMs: 60000 });
    // The reminder would have fallen due three days before the expiry (two seconds after publishing); then nothing is left to go.
    await untilTime(new Date(offer.expiresAt).getTime() - 3 * DAY);
    await dueSchedulesDone(replicas[0], [`award:${offer.awardId}`]);
    await deliveriesSettled(replicas[0], email);
    expect(smtp.to(email).map((m) => m.subject)).toEqual(['Your grant offer for MSF-2026-000123']);
  }, 90000);

  it('when one replica stops, the other takes over its partitions and its reminders', async () => {
    const [leaving, staying] = replicas;
    await leaving.close();
    const council = uniqueEmail('council');
    await addContact(staying, 'council', council);
    // Its 24-hour reminder falls due three seconds after it opens.
    const round = { ...RoundOpened.example, roundId: randomUUID(), programmeId: randomUUID(), name: `After a replica left ${run}`, opensAt: new Date().toISOString(), closesAt: closingIn(1, 3) };
    await publish(RoundOpened, [envelope(RoundOpened, round)]);
    // Only the replica still running can have consumed the event (whichever partition it is on) and fired the reminder.
    await waitFor(() => subjectsTo(council).length >= 2, { what: 'the messages from the remaining replica', timeoutMs: 60000 });
    await dueSchedulesDone(staying, [`round:${round.roundId}`]);
    await deliveriesSettled(staying, council);
    expect(subjectsTo(council)).toEqual([`After a replica left ${run} closes in 24 hours`, `After a replica left ${run} is open for bids`]);
  }, 90000);
});

async function untilTime(at: number): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
}
