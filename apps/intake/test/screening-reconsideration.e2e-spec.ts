import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, SmtpTestServer, startTestService, testUser, waitFor } from '@mutuals/testing';
import { awardsService } from '../../awards/src/service';
import { notificationsService } from '../../notifications/src/service';
import { addContact, deliveriesTo, removeAllContacts } from '../../notifications/test/support/service';
import { bidContent, council, officer, openRound, outboxEvents, startIntake } from './support';

jest.setTimeout(300_000);

/**
 * A bid screened ineligible never becomes an awards case, so its council asks intake to reconsider
 * the screening; an officer who did not screen it reviews it; overturned, the bid is eligible and its
 * case opens in awards. Notifications tells the council and the officers.
 */
describe('reconsideration of a screening as ineligible', () => {
  const smtp = new SmtpTestServer();
  let intake: RunningService<any>;
  let awards: RunningService<any>;
  let notifications: RunningService<any>;
  let db: DataSource;
  let roundId: string;
  const officers = `officers-${randomUUID().slice(0, 8)}@example.org`;
  const screener = testUser('programme_officer');

  beforeAll(async () => {
    await smtp.start();
    intake = await startIntake();
    awards = await startTestService(awardsService);
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    db = intake.app.get(DataSource);
    await removeAllContacts(notifications);
    await addContact(notifications, 'officer', officers, 'Programme officers');
    roundId = await openRound(intake.url);
  });
  afterAll(async () => {
    await notifications?.close();
    await awards?.close();
    await intake?.close();
    await smtp.stop();
  });

  const http = () => request(intake.url);

  /** A bid an officer screened ineligible by hand. */
  async function screenedOut() {
    const user = council();
    const contactEmail = user.email!;
    const started = await http().post(`/rounds/${roundId}/bids`).set(user.auth).send(bidContent(user.organisationId!)).expect(201);
    await http().post(`/bids/${started.body.id}/submit`).set(user.auth).expect(200);
    await http().post(`/bids/${started.body.id}/screening`).set(screener.auth).send({ outcome: 'ineligible', reason: 'The partner council has not confirmed its part' }).expect(200);
    return { user, bid: started.body, contactEmail };
  }

  it('the council asks; the screening officer cannot review; another overturns; the bid goes to assessment and everyone is told', async () => {
    const { user, bid, contactEmail } = await screenedOut();
    const documentId = randomUUID();
    await http().post(`/bids/${bid.id}/reconsideration`).set(council().auth).send({ grounds: 'Not ours' }).expect(404);
    const asked = await http().post(`/bids/${bid.id}/reconsideration`).set(user.auth).send({ grounds: 'Our partner confirmed on 28 May; the letter is attached.', documentIds: [documentId] }).expect(201);
    expect(asked.body).toMatchObject({ bidId: bid.id, status: 'requested', screenedBy: screener.id, reasons: ['The partner council has not confirmed its part'], documentIds: [documentId] });
    const again = await http().post(`/bids/${bid.id}/reconsideration`).set(user.auth).send({ grounds: 'Again' }).expect(409);
    expect(again.body.message).toBe('A reconsideration of this screening has already been asked for and is waiting for review');
    expect((await http().get(`/bids/${bid.id}`).set(user.auth).expect(200)).body).toMatchObject({ status: 'ineligible', reconsiderationStatus: 'requested' });

    expect((await http().get(`/screening-reconsiderations/${asked.body.id}`).set(screener.auth).expect(200)).body.cannotReviewBecause).toBe(
      'You cannot review this reconsideration: you screened this bid as ineligible',
    );
    const refused = await http().post(`/screening-reconsiderations/${asked.body.id}/review`).set(screener.auth).send({ outcome: 'overturned', reason: 'On reflection' }).expect(403);
    expect(refused.body.message).toBe('You cannot review this reconsideration: you screened this bid as ineligible. A programme officer who took no part in the decision must review it');

    const reviewed = await http().post(`/screening-reconsiderations/${asked.body.id}/review`).set(officer.auth).send({ outcome: 'overturned', reason: 'The partner confirmed in time.' }).expect(200);
    expect(reviewed.body).toMatchObject({ status: 'overturned', reviewedBy: officer.id });
    expect((await http().get(`/bids/${bid.id}`).set(user.auth).expect(200)).body).toMatchObject({ status: 'eligible', reconsiderationStatus: 'overturned', reconsiderationReason: 'The partner confirmed in time.' });
    expect((await outboxEvents(db, 'intake.bid.screened.v1', bid.id)).map((e) => [e.data.outcome, e.data.screenedBy])).toEqual([
      ['eligible', 'automatic'],
      ['ineligible', screener.id],
      ['eligible', officer.id],
    ]);
    const awardsDb = awards.app.get(DataSource);
    await waitFor(async () => (await awardsDb.query('select 1 from cases where source_id = $1', [bid.id])).length === 1, { what: 'the bid’s case in awards', timeoutMs: 60_000 });

    await waitFor(async () => (await deliveriesTo(notifications, officers)).some((d) => d.subject_id === bid.id && d.template_id === 'reconsideration-waiting'), { what: 'the officers told', timeoutMs: 60_000 });
    await waitFor(async () => smtp.to(contactEmail).some((m) => m.subject === `The decision on ${bid.reference} has been overturned` && m.body.includes('Your bid is now eligible')), { what: 'the council told', timeoutMs: 60_000 });
    expect((await deliveriesTo(notifications, contactEmail)).map((d) => d.template_id)).toEqual(expect.arrayContaining(['reconsideration-received', 'reconsideration-overturned']));
  });

  it('upheld keeps the bid ineligible; after the window a request is refused with the deadline', async () => {
    const { user, bid } = await screenedOut();
    const asked = await http().post(`/bids/${bid.id}/reconsideration`).set(user.auth).send({ grounds: 'Please look again.' }).expect(201);
    await http().post(`/screening-reconsiderations/${asked.body.id}/review`).set(officer.auth).send({ outcome: 'upheld', reason: 'No confirmation was received before the close.' }).expect(200);
    expect((await http().get(`/bids/${bid.id}`).set(user.auth).expect(200)).body).toMatchObject({ status: 'ineligible', reconsiderationStatus: 'upheld' });
    expect((await http().post(`/bids/${bid.id}/reconsideration`).set(user.auth).send({ grounds: 'Again' }).expect(409)).body.message).toBe('This screening has already been reconsidered (upheld)');

    const late = await screenedOut();
    await db.query(`update bids set screened_at = now() - interval '29 days' where id = $1`, [late.bid.id]);
    const refused = await http().post(`/bids/${late.bid.id}/reconsideration`).set(late.user.auth).send({ grounds: 'Late' }).expect(422);
    expect(refused.body.code).toBe('reconsideration-window-closed');
    expect(refused.body.message).toMatch(/within 28 days of the decision, by \d{1,2} \w+ \d{4} at \d{2}:\d{2} \(UK time\)/);
  });
});
