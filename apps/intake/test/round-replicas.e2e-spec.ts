import request from 'supertest';
import { DataSource } from 'typeorm';
import { RoundClosed, RoundOpened } from '@mutuals/contracts';
import { RunningService } from '@mutuals/testing';
import { eventsOnTopic, officer, outboxDrained, scheduledRound, startIntake, waitForStatus, wholeSecondsFromNow } from './support';

describe('two replicas of the intake service', () => {
  let first: RunningService<any>;
  let second: RunningService<any>;

  beforeAll(async () => {
    // Same test database and consumer group: two replicas of one deployment, each with its scheduler.
    first = await startIntake();
    second = await startIntake();
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it("publish a round's opened and closed events once each; when one replica stops, the other closes the rounds on time", async () => {
    const roundIds = await Promise.all([0, 1, 2].map(() => scheduledRound(first.url, wholeSecondsFromNow(2), wholeSecondsFromNow(12))));
    for (const id of roundIds) await waitForStatus(second.url, id, 'open');

    // The first replica goes (a rolling update, a lost node) before the rounds are due to close.
    await first.close();
    const firstStoppedAt = Date.now();
    for (const id of roundIds) await waitForStatus(second.url, id, 'closed', 20000);
    for (const id of roundIds) {
      const round = await request(second.url).get(`/rounds/${id}`).set(officer.auth).expect(200);
      // Closed by the replica still running: after the first had stopped, and on time.
      expect(new Date(round.body.closedAt).getTime()).toBeGreaterThan(firstStoppedAt);
      expect(new Date(round.body.closedAt).getTime()).toBeGreaterThanOrEqual(new Date(round.body.closesAt).getTime());
    }

    await outboxDrained(second.app.get(DataSource));
    const perRound = (events: { data: { roundId: string } }[]) => roundIds.map((id) => events.filter((e) => e.data.roundId === id).length);
    expect(perRound(await eventsOnTopic(RoundOpened, roundIds))).toEqual([1, 1, 1]);
    expect(perRound(await eventsOnTopic(RoundClosed, roundIds))).toEqual([1, 1, 1]);
  });
});
