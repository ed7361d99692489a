import { BidSubmitted, RoundClosed } from '@mutuals/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { inParallel, oneAtATime, RunningService } from '@mutuals/testing';
import {
  bidContent,
  council,
  eventsOnTopic,
  officer,
  outboxDrained,
  scheduledRound,
  startIntake,
  untilClock,
  waitForStatus,
  wholeSecondsFromNow,
} from './support';

// Its assertions are about what gets in before a deadline: it runs alone among such tests.
oneAtATime('timing');

/** Every English council today (317, from the register) bids: most in time, some too late. */
const LATE_AUTHORITIES = 30;
const AUTHORITIES = 317 - LATE_AUTHORITIES;
const IN_FLIGHT = 50;
/** The surge starts this long before the close (it takes about 9 s with the other tests running alongside). */
const SURGE_MS = 25_000;

describe('deadline-day surge', () => {
  let service: RunningService<any>;
  let db: DataSource;

  beforeAll(async () => {
    service = await startIntake();
    db = service.app.get(DataSource);
  });
  afterAll(() => service?.close());

  it('every English council bidding in the last seconds, with duplicates and late attempts: every on-time bid stored and published once, none late, one bid per authority', async () => {
    const url = service.url;
    // fetch keeps connections alive, so the client's share of the two cores goes to the server instead.
    const post = async (path: string, user: { auth: { Authorization: string } }, body?: object) => {
      const res = await fetch(url + path, { method: 'POST', headers: { ...user.auth, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
      return { status: res.status, body: await res.json() };
    };
    const closesAt = wholeSecondsFromNow(60);
    const roundId = await scheduledRound(url, wholeSecondsFromNow(1), closesAt);
    const councils = Array.from({ length: AUTHORITIES + LATE_AUTHORITIES }, () => council());
    // Drafts are written ahead, as councils do; the surge is the submissions.
    const drafts = await inParallel(
      councils.map((user) => async () => {
        const res = await post(`/rounds/${roundId}/bids`, user, bidContent(user.organisationId!));
        expect(res.status).toBe(201);
        return { user, bidId: res.body.id as string };
      }),
      IN_FLIGHT,
    );
    await waitForStatus(url, roundId, 'open');
    expect(Date.now()).toBeLessThan(closesAt.getTime() - SURGE_MS);
    const onTime = drafts.slice(0, AUTHORITIES);
    const late = drafts.slice(AUTHORITIES);

    await untilClock(closesAt.getTime() - SURGE_MS);
    type Outcome = { kind: 'submit' | 'second-submit' | 'second-bid'; bidId: string; status: number; code?: string; submittedAt?: string };
    const surge: (() => Promise<Outcome>)[] = onTime.map(({ user, bidId }) => async () => {
      const res = await post(`/bids/${bidId}/submit`, user);
      return { kind: 'submit', bidId, status: res.status, code: res.body.code, submittedAt: res.body.submittedAt };
    });
    // Every tenth council presses submit twice, and every tenth tries to start a second bid, amid the surge.
    const withDuplicates = onTime.flatMap(({ user, bidId }, i) => {
      const tasks = [surge[i]];
      if (i % 10 === 3) {
        tasks.push(async () => {
          const res = await post(`/bids/${bidId}/submit`, user);
          return { kind: 'second-submit', bidId, status: res.status, code: res.body.code, submittedAt: res.body.submittedAt };
        });
      }
      if (i % 10 === 7) {
        tasks.push(async () => {
          const res = await post(`/rounds/${roundId}/bids`, user, bidContent(user.organisationId!));
          return { kind: 'second-bid', bidId, status: res.status, code: res.body.code };
        });
      }
      return tasks;
    });
    const outcomes = await inParallel(withDuplicates, IN_FLIGHT);
    // The window is several times what the surge takes on a busy two-core machine: every on-time press is in before the close.
    expect(Date.now()).toBeLessThan(closesAt.getTime());

    await untilClock(closesAt.getTime());
    const lateOutcomes = await inParallel(
      late.map(({ user, bidId }) => async () => {
        const res = await post(`/bids/${bidId}/submit`, user);
        return { status: res.status, code: res.body.code };
      }),
      IN_FLIGHT,
    );
    expect(lateOutcomes.every((o) => o.status === 422 && o.code === 'round-closed')).toBe(true);

    const accepted = outcomes.filter((o) => o.status === 200);
    const refusedAsLate = outcomes.filter((o) => o.code === 'round-closed');
    // Each press of submit got the bid in before the close, found it already in (a second press), or was refused as late.
    const presses = outcomes.filter((o) => o.kind !== 'second-bid');
    const inBefore = new Set(presses.filter((o) => o.status === 200).map((o) => o.bidId));
    const unexpected = presses.filter((o) => o.status !== 200 && o.code !== 'round-closed' && !(o.code === 'bid-already-submitted' && inBefore.has(o.bidId)));
    expect(unexpected).toEqual([]);
    // A second bid is refused as a duplicate, or, once the round has closed, because it takes no more bids.
    expect(outcomes.filter((o) => o.kind === 'second-bid' && o.code !== 'authority-already-bidding' && o.code !== 'round-not-taking-bids')).toEqual([]);
    expect(accepted.every((o) => new Date(o.submittedAt!).getTime() < closesAt.getTime())).toBe(true);
    const acceptedIds = accepted.map((o) => o.bidId).sort();
    expect(new Set(acceptedIds).size).toBe(acceptedIds.length);
    // Every council that pressed submit before the close got its bid in (with one of its presses): all of them, not most.
    expect(acceptedIds).toEqual(onTime.map((d) => d.bidId).sort());

    const stored: { id: string }[] = await db.query(`select id from bids where round_id = $1 and submitted_at is not null order by id`, [roundId]);
    expect(stored.map((b) => b.id)).toEqual(acceptedIds);
    const doubled = await db.query(`select authority_code from bids where round_id = $1 group by authority_code having count(*) > 1`, [roundId]);
    expect(doubled).toEqual([]);

    await waitForStatus(url, roundId, 'closed');
    await outboxDrained(db);
    const published = await eventsOnTopic(BidSubmitted, [roundId]);
    expect(published.map((e) => e.data.bidId).sort()).toEqual(acceptedIds);
    const closed = await eventsOnTopic(RoundClosed, [roundId]);
    expect(closed.map((e) => e.data.bidsSubmitted)).toEqual([acceptedIds.length]);
    const figures = await request(url).get(`/rounds/${roundId}/figures`).set(officer.auth).expect(200);
    expect(figures.body).toMatchObject({ bidsSubmitted: acceptedIds.length, lateAttemptsRefused: refusedAsLate.length + LATE_AUTHORITIES });
  }, 180000);
});
