import request from 'supertest';
import { DataSource } from 'typeorm';
import { localAuthorities } from '@mutuals/domain';
import { RunningService, testUser } from '@mutuals/testing';
import { formatUtc } from '../src/rounds/round';
import {
  bidContent,
  council,
  createProgramme,
  freshAuthorityCode,
  officer,
  openRound,
  outboxEvents,
  roundSettings,
  scheduledRound,
  startIntake,
  untilClock,
  waitForStatus,
  wholeSecondsFromNow,
} from './support';

describe('intake: programmes, rounds and bids', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let url: string;

  beforeAll(async () => {
    service = await startIntake();
    db = service.app.get(DataSource);
    url = service.url;
  });
  afterAll(() => service?.close());

  const startBid = async (roundId: string, user = council(), extra: Record<string, unknown> = {}) => {
    const res = await request(url).post(`/rounds/${roundId}/bids`).set(user.auth).send(bidContent(user.organisationId!, extra)).expect(201);
    return { user, bid: res.body };
  };
  const submittedBid = async (roundId: string, user = council(), extra: Record<string, unknown> = {}) => {
    const { bid } = await startBid(roundId, user, extra);
    const res = await request(url).post(`/bids/${bid.id}/submit`).set(user.auth).expect(200);
    return { user, bid: res.body };
  };

  it('a round opens and closes on time by itself; a bid a second before the close is taken and one at the close is refused', async () => {
    // Far enough ahead for the drafts to be started before the opening, even on a busy machine.
    const opensAt = wholeSecondsFromNow(4);
    const closesAt = wholeSecondsFromNow(8);
    const roundId = await scheduledRound(url, opensAt, closesAt);
    const early = council();
    const late = council();
    // Drafts may be started while the round is scheduled; submitting must wait for the opening.
    const { bid: earlyBid } = await startBid(roundId, early);
    const { bid: lateBid } = await startBid(roundId, late);
    const notYet = await request(url).post(`/bids/${earlyBid.id}/submit`).set(early.auth).expect(422);
    expect(notYet.body.code).toBe('round-not-open');

    await waitForStatus(url, roundId, 'open');
    const opened = (await request(url).get(`/rounds/${roundId}`).set(officer.auth)).body;
    expect(new Date(opened.openedAt).getTime()).toBeGreaterThanOrEqual(opensAt.getTime());
    expect(new Date(opened.openedAt).getTime()).toBeLessThan(opensAt.getTime() + 1500);

    await untilClock(closesAt.getTime() - 1000);
    const accepted = await request(url).post(`/bids/${earlyBid.id}/submit`).set(early.auth).expect(200);
    expect(new Date(accepted.body.submittedAt).getTime()).toBeLessThan(closesAt.getTime());

    await untilClock(closesAt.getTime());
    const refused = await request(url).post(`/bids/${lateBid.id}/submit`).set(late.auth).expect(422);
    expect(refused.body.code).toBe('round-closed');
    expect(refused.body.message).toContain(formatUtc(closesAt));
    expect((await request(url).get(`/bids/${lateBid.id}`).set(late.auth)).body.status).toBe('draft');

    await waitForStatus(url, roundId, 'closed');
    expect((await outboxEvents(db, 'intake.round.opened.v1', roundId)).map((e) => e.data)).toEqual([
      expect.objectContaining({ roundId, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), maxAwardPence: 10_000_000 }),
    ]);
    expect((await outboxEvents(db, 'intake.round.closed.v1', roundId)).map((e) => e.data)).toEqual([expect.objectContaining({ roundId, bidsSubmitted: 1 })]);
    const figures = await request(url).get(`/rounds/${roundId}/figures`).set(officer.auth).expect(200);
    expect(figures.body).toMatchObject({ bidsSubmitted: 1, lateAttemptsRefused: 1 });
  });

  describe('in an open round', () => {
    let roundId: string;
    beforeAll(async () => {
      roundId = await openRound(url);
    });

    it('a submission is screened at once and both events are written with it', async () => {
      const { bid } = await submittedBid(roundId);
      expect(bid).toMatchObject({ status: 'eligible', screenedBy: 'automatic', screeningReasons: [] });
      expect(await outboxEvents(db, 'intake.bid.submitted.v1', bid.id)).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ bidId: bid.id, reference: bid.reference, amountRequestedPence: 9_500_000 }) }),
      ]);
      expect((await outboxEvents(db, 'intake.bid.screened.v1', bid.id)).map((e) => e.data)).toEqual([
        expect.objectContaining({ outcome: 'eligible', maxAwardPence: 10_000_000, screenedBy: 'automatic' }),
      ]);
    });

    it('a bid over the maximum award is screened ineligible with the reason', async () => {
      const { bid: tooMuch } = await submittedBid(roundId, council(), { amountRequestedPence: 12_000_000 });
      expect(tooMuch.status).toBe('ineligible');
      expect(tooMuch.screeningReasons).toEqual(['The bid asks for £120,000.00; this round awards at most £100,000.00']);
    });

    it("the lead's name and region are the register's, whatever the request says", async () => {
      const code = freshAuthorityCode('north-west');
      const { name } = localAuthorities.find(code)!;
      const { user, bid } = await startBid(roundId, council(code), { authorityName: 'Free text Council', region: 'london' });
      expect(bid).toMatchObject({ authorityCode: code, authorityName: name, region: 'north-west' });
      const patched = await request(url).patch(`/bids/${bid.id}`).set(user.auth).send({ authorityName: 'Another name', region: 'london' }).expect(200);
      expect(patched.body).toMatchObject({ authorityName: name, region: 'north-west' });
      expect(localAuthorities.find('E08000012')?.name).toBe('Liverpool');
    });

    const refusedCases: [string, () => ReturnType<typeof council>, Record<string, unknown>, string, string][] = [
      ['a lead with a well-formed code that is no English authority', () => council('E06999999'), {}, 'unknown-authority', 'E06999999 is not an English local authority in the register (ONS, April 2025)'],
      ['a Welsh council', () => council('W06000015'), {}, 'unknown-authority', 'W06000015 is not an English local authority in the register (ONS, April 2025)'],
      ['a partner not in the register', () => council(), { partnerAuthorityCodes: ['E06999999'] }, 'unknown-authority', 'E06999999 is not an English local authority in the register'],
      ['a council abolished in 2021', () => council('E07000150'), {}, 'authority-abolished', 'Corby (E07000150) no longer exists: it was abolished on 1 April 2021; its area is now North Northamptonshire (E06000061)'],
    ];
    it.each(refusedCases)('%s: 422 naming the code, and nothing is stored', async (_, who, extra, code, message) => {
      const user = who();
      const [before] = await db.query('select count(*)::int as n from bids');
      const res = await request(url).post(`/rounds/${roundId}/bids`).set(user.auth).send(bidContent(user.organisationId!, extra)).expect(422);
      expect(res.body).toMatchObject({ statusCode: 422, code, correlationId: expect.any(String) });
      expect(res.body.message).toContain(message);
      expect(await db.query('select count(*)::int as n from bids')).toEqual([before]);
      expect(await db.query('select 1 from bid_memberships where round_id = $1 and authority_code = any($2)', [roundId, [user.organisationId, 'E06999999']])).toEqual([]);
    });

    it('a draft cannot take a partner outside the register later either, nor be submitted with one', async () => {
      const { user, bid } = await startBid(roundId);
      const res = await request(url).patch(`/bids/${bid.id}`).set(user.auth).send({ partnerAuthorityCodes: ['E06999999'] }).expect(422);
      expect(res.body).toMatchObject({ code: 'unknown-authority', details: { fields: ['partnerAuthorityCodes'], authorityCode: 'E06999999' } });
      // A draft stored before the register was checked.
      await db.query(`update bids set partner_authority_codes = '{E06999999}' where id = $1`, [bid.id]);
      const submit = await request(url).post(`/bids/${bid.id}/submit`).set(user.auth).expect(422);
      expect(submit.body.message).toBe('E06999999 is not an English local authority in the register (ONS, April 2025)');
      expect((await request(url).get(`/bids/${bid.id}`).set(user.auth)).body.status).toBe('draft');
    });

    it('a second bid by the same authority gets 409 saying it is already in a bid, naming no bid', async () => {
      const lead = council();
      const { bid } = await startBid(roundId, lead);
      const again = await request(url).post(`/rounds/${roundId}/bids`).set(lead.auth).send(bidContent(lead.organisationId!)).expect(409);
      expect(again.body).toMatchObject({ code: 'authority-already-bidding', message: `${lead.organisationId} is already in a bid for this round; an authority may be in only one` });
      expect(JSON.stringify(again.body)).not.toContain(bid.id);
      expect(JSON.stringify(again.body)).not.toContain(bid.reference);
    });

    it('concurrent bids by one authority: exactly one is taken', async () => {
      const user = council();
      const results = await Promise.all(
        Array.from({ length: 6 }, () => request(url).post(`/rounds/${roundId}/bids`).set(user.auth).send(bidContent(user.organisationId!))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const [{ n }] = await db.query('select count(*)::int as n from bids where round_id = $1 and authority_code = $2', [roundId, user.organisationId]);
      expect(n).toBe(1);
    });

    it('withdrawal gives up the bid with an event, and the authority may bid again', async () => {
      const { user, bid } = await submittedBid(roundId);
      const withdrawn = await request(url).post(`/bids/${bid.id}/withdraw`).set(user.auth).send({ reason: 'Keeping the service in house' }).expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
      expect((await outboxEvents(db, 'intake.bid.withdrawn.v1', bid.id)).map((e) => e.data)).toEqual([
        expect.objectContaining({ bidId: bid.id, roundId, authorityCode: user.organisationId }),
      ]);
      const again = await request(url).post(`/bids/${bid.id}/withdraw`).set(user.auth).send({}).expect(409);
      expect(again.body.code).toBe('bid-already-withdrawn');
      await startBid(roundId, user);
    });

    it('an officer screens a bid by hand with a reason; a council cannot', async () => {
      const { user, bid } = await submittedBid(roundId);
      await request(url).post(`/bids/${bid.id}/screening`).set(user.auth).send({ outcome: 'ineligible', reason: 'No' }).expect(403);
      const screened = await request(url)
        .post(`/bids/${bid.id}/screening`)
        .set(officer.auth)
        .send({ outcome: 'ineligible', reason: 'The partner council has not confirmed its part' })
        .expect(200);
      expect(screened.body).toMatchObject({ status: 'ineligible', screenedBy: officer.id, screeningReasons: ['The partner council has not confirmed its part'] });
      const events = await outboxEvents(db, 'intake.bid.screened.v1', bid.id);
      expect(events.map((e) => [e.data.outcome, e.data.screenedBy, e.data.reasons])).toEqual([
        ['eligible', 'automatic', []],
        ['ineligible', officer.id, ['The partner council has not confirmed its part']],
      ]);
      const history = await request(url).get(`/bids/${bid.id}/history`).set(officer.auth).expect(200);
      expect(history.body.map((h: { from: string; to: string; actorId: string }) => [h.from, h.to, h.actorId])).toEqual([
        [null, 'draft', user.id],
        ['draft', 'submitted', user.id],
        ['submitted', 'eligible', 'automatic'],
        ['eligible', 'ineligible', officer.id],
      ]);
      await request(url).get(`/bids/${bid.id}/history`).set(user.auth).expect(403);
      const noReason = await request(url).post(`/bids/${bid.id}/screening`).set(officer.auth).send({ outcome: 'eligible' }).expect(400);
      expect(noReason.body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
    });

    it('a draft is saved in parts and cannot be submitted until complete', async () => {
      const user = council();
      const created = await request(url).post(`/rounds/${roundId}/bids`).set(user.auth).send({}).expect(201);
      const incomplete = await request(url).post(`/bids/${created.body.id}/submit`).set(user.auth).expect(422);
      expect(incomplete.body).toMatchObject({ code: 'bid-incomplete', details: { missing: ['title', 'sector', 'amountRequestedPence', 'answers.vision'] } });
      await request(url).patch(`/bids/${created.body.id}`).set(user.auth).send({ title: 'Leisure trust', sector: 'leisure' }).expect(200);
      const saved = await request(url)
        .patch(`/bids/${created.body.id}`)
        .set(user.auth)
        .send({ amountRequestedPence: 5_000_000, answers: [{ questionId: 'vision', text: 'A leisure trust run by its staff.' }] })
        .expect(200);
      expect(saved.body).toMatchObject({ title: 'Leisure trust', sector: 'leisure', amountRequestedPence: 5_000_000 });
      const tooLong = await request(url).patch(`/bids/${created.body.id}`).set(user.auth).send({ answers: [{ questionId: 'vision', text: 'word '.repeat(51) }] }).expect(422);
      expect(tooLong.body).toMatchObject({ code: 'answer-too-long', details: { words: 51, wordLimit: 50 } });
      await request(url).post(`/bids/${created.body.id}/submit`).set(user.auth).expect(200);
    });

    it("a council sees only its own bids: another authority's bid is not found", async () => {
      const { bid } = await startBid(roundId);
      const other = council();
      await request(url).get(`/bids/${bid.id}`).set(other.auth).expect(404);
      await request(url).post(`/bids/${bid.id}/submit`).set(other.auth).expect(404);
      const list = await request(url).get(`/rounds/${roundId}/bids`).set(other.auth).expect(200);
      expect(list.body).toEqual({ items: [], page: 1, pageSize: 50, total: 0 });
      await request(url).get(`/bids/${bid.id}`).set(officer.auth).expect(200);
    });

    it('only council users bid, and only officers manage programmes and rounds', async () => {
      await request(url).post(`/rounds/${roundId}/bids`).set(testUser('assessor').auth).send(bidContent('E08000012')).expect(403);
      const noAuthority = await request(url).post(`/rounds/${roundId}/bids`).set(testUser('applicant').auth).send(bidContent('E08000012')).expect(403);
      expect(noAuthority.body.code).toBe('not-a-council-user');
      await request(url).post(`/rounds/${roundId}/status`).set(council().auth).send({ status: 'in_assessment' }).expect(403);
      await request(url).get(`/rounds/${roundId}/figures`).set(council().auth).expect(403);
      await request(url).get('/rounds').expect(401);
    });
  });

  it('intake figures: bids by status, region and sector, the amount requested and late attempts', async () => {
    const roundId = await openRound(url);
    await submittedBid(roundId, council(freshAuthorityCode('london')), { sector: 'libraries', amountRequestedPence: 4_000_000 });
    await submittedBid(roundId, council(freshAuthorityCode('london')), { sector: 'youth', amountRequestedPence: 6_000_000 });
    await submittedBid(roundId, council(freshAuthorityCode('south-west')), { sector: 'youth', amountRequestedPence: 20_000_000 });
    const { user, bid } = await submittedBid(roundId, council(freshAuthorityCode('north-east')), { amountRequestedPence: 1_000_000 });
    await request(url).post(`/bids/${bid.id}/withdraw`).set(user.auth).send({}).expect(200);
    await startBid(roundId);
    const figures = await request(url).get(`/rounds/${roundId}/figures`).set(officer.auth).expect(200);
    expect(figures.body).toEqual({
      roundId,
      byStatus: { draft: 1, eligible: 2, ineligible: 1, withdrawn: 1 },
      byRegion: { london: 2, 'south-west': 1 },
      bySector: { libraries: 1, youth: 2 },
      bidsSubmitted: 3,
      totalRequestedPence: 30_000_000,
      lateAttemptsRefused: 0,
    });
  });

  describe('bad input is refused with what is wrong, and nothing is stored', () => {
    const counts = async () => {
      const [row] = await db.query(
        `select (select count(*)::int from bids) as bids, (select count(*)::int from rounds) as rounds,
                (select count(*)::int from programmes) as programmes, (select count(*)::int from outbox_messages) as events`,
      );
      return row;
    };
    let roundId: string;
    let programmeId: string;
    beforeAll(async () => {
      roundId = await openRound(url);
      programmeId = await createProgramme(url);
    });

    const bidCases: [string, Record<string, unknown>, string][] = [
      ['an unknown region', { region: 'atlantis' }, 'region'],
      ['money with a fraction of a penny', { amountRequestedPence: 100.5 }, 'amountRequestedPence'],
      ['a partner that is not an authority code', { partnerAuthorityCodes: ['Liverpool'] }, 'partnerAuthorityCodes'],
      ['an unknown field', { favouriteColour: 'green' }, 'favouriteColour'],
      ['a title over its limit', { title: 'x'.repeat(301) }, 'title'],
    ];
    it.each(bidCases)('a bid with %s: 400', async (_, extra, field) => {
      const user = council();
      const before = await counts();
      const res = await request(url).post(`/rounds/${roundId}/bids`).set(user.auth).send(bidContent(user.organisationId!, extra)).expect(400);
      expect(res.body.code).toBe('validation-failed');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('a round that closes before it opens: 422 saying so', async () => {
      const before = await counts();
      const settings = roundSettings(wholeSecondsFromNow(60), wholeSecondsFromNow(30));
      const res = await request(url).post(`/programmes/${programmeId}/rounds`).set(officer.auth).send(settings).expect(422);
      expect(res.body).toMatchObject({ code: 'invalid-round-settings', message: 'closesAt must be after opensAt' });
      expect(await counts()).toEqual(before);
    });

    it('a round with a bad date and weights out of range: 400 naming the fields', async () => {
      const before = await counts();
      const settings = roundSettings(wholeSecondsFromNow(60), wholeSecondsFromNow(120));
      const res = await request(url)
        .post(`/programmes/${programmeId}/rounds`)
        .set(officer.auth)
        .send({ ...settings, closesAt: '30/05/2014 16:00', assessment: { ...settings.assessment, criteria: [{ id: 'x', name: 'X', weight: 0 }] } })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['closesAt', 'assessment.criteria.0.weight']));
      expect(await counts()).toEqual(before);
    });

    it('a joint bid with more partners than the round allows: 422, and the partners stay free', async () => {
      const user = council();
      const partners = [freshAuthorityCode(), freshAuthorityCode(), freshAuthorityCode(), freshAuthorityCode()];
      const before = await counts();
      const res = await request(url).post(`/rounds/${roundId}/bids`).set(user.auth).send(bidContent(user.organisationId!, { partnerAuthorityCodes: partners })).expect(422);
      expect(res.body.code).toBe('too-many-partners');
      expect(await counts()).toEqual(before);
      await startBid(roundId, council(partners[0]));
    });

    it('a programme without its senior responsible officer: 400', async () => {
      const before = await counts();
      const res = await request(url).post('/programmes').set(officer.auth).send({ code: 'X-1', title: 'X', departments: ['Cabinet Office'], budgetPence: 1 }).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['seniorResponsibleOfficer', 'legalPower', 'grantsSchemeReference']));
      expect(await counts()).toEqual(before);
    });
  });

  it('an officer takes a closed round on to assessment, but cannot reopen it', async () => {
    // Closing a few seconds ahead: scheduling a round whose close has already passed is refused.
    const programmeId = await createProgramme(url);
    const roundId = await scheduledRound(url, wholeSecondsFromNow(-2), wholeSecondsFromNow(3), programmeId);
    await waitForStatus(url, roundId, 'closed');
    const reopen = await request(url).post(`/rounds/${roundId}/status`).set(officer.auth).send({ status: 'scheduled' }).expect(409);
    expect(reopen.body.code).toBe('round-invalid-transition');
    await request(url).post(`/rounds/${roundId}/status`).set(officer.auth).send({ status: 'in_assessment' }).expect(200);
  });

  it('a programme change publishes the next revision', async () => {
    const programmeId = await createProgramme(url);
    await request(url).patch(`/programmes/${programmeId}`).set(officer.auth).send({ budgetPence: 200_000_000 }).expect(200);
    const events = await outboxEvents(db, 'intake.programme.published.v1');
    expect(events.filter((e) => e.subject === programmeId).map((e) => [e.data.revision, e.data.budgetPence])).toEqual([
      [1, 100_000_000],
      [2, 200_000_000],
    ]);
  });

  it('serves its OpenAPI document with examples', async () => {
    const res = await request(url).get('/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/programmes', '/rounds/{id}/figures', '/rounds/{roundId}/bids', '/bids/{id}/submit', '/bids/{id}/screening']));
    expect(res.body.components.schemas.CreateRoundDto.properties.closesAt.example).toBe('2014-05-30T16:00:00Z');
  });
});
