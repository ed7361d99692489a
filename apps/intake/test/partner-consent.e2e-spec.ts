import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService } from '@mutuals/testing';
import { bidContent, council, officer, openRound, outboxEvents, startIntake } from './support';

type Council = ReturnType<typeof council>;

describe('intake: joint bids with the partners’ consent', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let url: string;
  let roundId: string;

  beforeAll(async () => {
    service = await startIntake();
    db = service.app.get(DataSource);
    url = service.url;
    roundId = await openRound(url);
  });
  afterAll(() => service?.close());

  const startBid = async (user: Council, partners: Council[] = []) => {
    const res = await request(url)
      .post(`/rounds/${roundId}/bids`)
      .set(user.auth)
      .send(bidContent(user.organisationId!, { partnerAuthorityCodes: partners.map((p) => p.organisationId) }))
      .expect(201);
    return res.body;
  };
  const answer = (user: Council, bidId: string, decision: 'accepted' | 'declined', reason?: string) =>
    request(url).post(`/invitations/${bidId}/answer`).set(user.auth).send({ answer: decision, ...(reason ? { reason } : {}) });
  /** A refusal must not disclose the bid holding the place: neither its id nor its reference. */
  const expectNoDisclosure = (body: unknown, bid: { id: string; reference: string }) => {
    expect(JSON.stringify(body)).not.toContain(bid.id);
    expect(JSON.stringify(body)).not.toContain(bid.reference);
  };

  it('a council named as a partner without accepting can still submit its own bid, and can then no longer accept', async () => {
    const lead = council();
    const partner = council();
    const joint = await startBid(lead, [partner]);
    const own = await startBid(partner);
    await request(url).post(`/bids/${own.id}/submit`).set(partner.auth).expect(200);

    const late = await answer(partner, joint.id, 'accepted').expect(409);
    expect(late.body).toMatchObject({ code: 'authority-already-bidding', message: `${partner.organisationId} is already in a bid for this round; an authority may be in only one` });
    expect(JSON.stringify(late.body)).not.toContain(own.reference);
    const seen = await request(url).get(`/bids/${joint.id}`).set(lead.auth).expect(200);
    expect(seen.body.partners).toEqual([expect.objectContaining({ authorityCode: partner.organisationId, answer: 'invited' })]);
  });

  it("the partner sees the invitation; accepting takes its place (its own bid is then refused without naming the lead's), declining frees it", async () => {
    const lead = council();
    const partner = council();
    const joint = await startBid(lead, [partner]);
    const invitations = await request(url).get('/invitations').set(partner.auth).expect(200);
    expect(invitations.body.total).toBe(1);
    expect(invitations.body.items).toEqual([
      expect.objectContaining({ bidId: joint.id, reference: joint.reference, leadAuthorityCode: lead.organisationId, bidStatus: 'draft', yourAnswer: expect.objectContaining({ answer: 'invited' }) }),
    ]);

    await answer(partner, joint.id, 'accepted').expect(200);
    const refused = await request(url).post(`/rounds/${roundId}/bids`).set(partner.auth).send(bidContent(partner.organisationId!)).expect(409);
    expect(refused.body.message).toBe(`${partner.organisationId} is already in a bid for this round; an authority may be in only one`);
    expectNoDisclosure(refused.body, joint);

    await answer(partner, joint.id, 'declined', 'Our cabinet did not agree').expect(200);
    await startBid(partner);
  });

  it('the lead sees each partner’s answer, with who answered, when and why', async () => {
    const lead = council();
    const [yes, no, undecided] = [council(), council(), council()];
    const joint = await startBid(lead, [yes, no, undecided]);
    await answer(yes, joint.id, 'accepted').expect(200);
    await answer(no, joint.id, 'declined', 'We are bidding for our own libraries').expect(200);

    const seen = await request(url).get(`/bids/${joint.id}`).set(lead.auth).expect(200);
    expect(seen.body.partners).toEqual(
      expect.arrayContaining([
        { authorityCode: yes.organisationId, answer: 'accepted', answeredBy: yes.id, answeredAt: expect.any(String), reason: null },
        { authorityCode: no.organisationId, answer: 'declined', answeredBy: no.id, answeredAt: expect.any(String), reason: 'We are bidding for our own libraries' },
        { authorityCode: undecided.organisationId, answer: 'invited', answeredBy: null, answeredAt: null, reason: null },
      ]),
    );
    const listed = await request(url).get('/bids').set(lead.auth).expect(200);
    expect(listed.body.items.find((b: { id: string }) => b.id === joint.id).partners).toHaveLength(3);
    const history = await request(url).get(`/bids/${joint.id}/history`).set(officer.auth).expect(200);
    expect(history.body.map((e: { action: string; actorId: string }) => [e.action, e.actorId])).toEqual(
      expect.arrayContaining([
        ['partner-accepted', yes.id],
        ['partner-declined', no.id],
      ]),
    );
  });

  it('a joint bid goes in once every partner has answered, screened with the partners that accepted', async () => {
    const lead = council();
    const [yes, no] = [council(), council()];
    const joint = await startBid(lead, [yes, no]);
    await answer(yes, joint.id, 'accepted').expect(200);
    const waiting = await request(url).post(`/bids/${joint.id}/submit`).set(lead.auth).expect(422);
    expect(waiting.body).toMatchObject({ code: 'partners-not-answered', details: { waiting: [no.organisationId] } });

    await answer(no, joint.id, 'declined').expect(200);
    const submitted = await request(url).post(`/bids/${joint.id}/submit`).set(lead.auth).expect(200);
    expect(submitted.body).toMatchObject({ status: 'eligible', partnerAuthorityCodes: [yes.organisationId] });
    const [screened] = await outboxEvents(db, 'intake.bid.screened.v1', joint.id);
    expect(screened.data.partnerAuthorityCodes).toEqual([yes.organisationId]);
    // Once submitted, the partners are settled.
    const closed = await answer(no, joint.id, 'accepted').expect(409);
    expect(closed.body.code).toBe('invitation-closed');
  });

  it('only council users of the named authority answer: for anyone else there is no such invitation', async () => {
    const lead = council();
    const partner = council();
    const joint = await startBid(lead, [partner]);
    const stranger = await answer(council(), joint.id, 'accepted').expect(404);
    expect(stranger.body.code).toBe('invitation-not-found');
    await answer(lead, joint.id, 'accepted').expect(404);
    await request(url).post(`/invitations/${joint.id}/answer`).set(officer.auth).send({ answer: 'accepted' }).expect(403);
    const unclear = await request(url).post(`/invitations/${joint.id}/answer`).set(partner.auth).send({ answer: 'maybe' }).expect(400);
    expect(JSON.stringify(unclear.body)).toContain('answer');
    expect((await request(url).get('/invitations').set(council().auth).expect(200)).body).toMatchObject({ items: [], total: 0 });
    const seen = await request(url).get(`/bids/${joint.id}`).set(lead.auth).expect(200);
    expect(seen.body.partners[0].answer).toBe('invited');
  });

  it("a partner taken off the bid gets its place back, and a withdrawn draft's invitation can no longer be answered", async () => {
    const lead = council();
    const [dropped, kept] = [council(), council()];
    const joint = await startBid(lead, [dropped, kept]);
    await answer(dropped, joint.id, 'accepted').expect(200);
    await answer(kept, joint.id, 'accepted').expect(200);
    const edited = await request(url).patch(`/bids/${joint.id}`).set(lead.auth).send({ partnerAuthorityCodes: [kept.organisationId] }).expect(200);
    expect(edited.body.partners).toEqual([expect.objectContaining({ authorityCode: kept.organisationId, answer: 'accepted' })]);
    await startBid(dropped);

    await request(url).post(`/bids/${joint.id}/withdraw`).set(lead.auth).send({}).expect(200);
    await startBid(kept);
    expect((await answer(kept, joint.id, 'accepted').expect(409)).body.code).toBe('invitation-closed');
  });
});
