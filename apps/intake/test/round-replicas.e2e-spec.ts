import { RoundClosed, RoundOpened } from '@mutuals/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
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

  it("publish a round's opened and closed events once each", async () => {
    const roundIds = await Promise.all([0, 1, 2].map(() => scheduledRound(first.url, wholeSecondsFromNow(2), wholeSecondsFromNow(4))));
    for (const id of roundIds) await waitForStatus(second.url, id, 'closed');
    await outboxDrained(first.app.get(DataSource));
    const perRound = (events: { data: { roundId: string } }[]) => roundIds.map((id) => events.filter((e) => e.data.roundId === id).length);
    expect(perRound(await eventsOnTopic(RoundOpened, roundIds))).toEqual([1, 1, 1]);
    expect(perRound(await eventsOnTopic(RoundClosed, roundIds))).toEqual([1, 1, 1]);
    const round = await request(first.url).get(`/rounds/${roundIds[0]}`).set(officer.auth).expect(200);
    expect(round.body.closedAt).not.toBeNull();
  });
});
