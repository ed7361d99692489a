import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { BidScreened, BidScreenedV1, EventContract, EventEnvelope, ProgrammePublished, RoundOpened } from '@mutuals/contracts';
import { eventsHandled, produceRaw, testEnvelope, testUser, TestUser, waitFor } from '@mutuals/testing';
import { DataSource } from 'typeorm';

/** A Companies House org-id of the test's own: subsidy totals are counted per recipient across the database. */
export const freshOrgId = () => `GB-COH-${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export const envelope = <T extends object>(contract: EventContract<T>, subject: string, data: T): EventEnvelope<T> =>
  testEnvelope(contract, data, { subject, source: '/services/tests' });

export async function produce<T extends object>(contract: EventContract<T>, subject: string, data: T): Promise<EventEnvelope<T>> {
  const event = envelope(contract, subject, data);
  await produceRaw(contract.topic, [{ key: subject, value: JSON.stringify(event) }]);
  return event;
}

/** A bid programme with one open round, as intake would publish them; each test gets its own. */
export async function bidProgramme(budgetPence: number, assessment = RoundOpened.example.assessment, title?: string) {
  const programmeId = randomUUID();
  const roundId = randomUUID();
  await produce(ProgrammePublished, programmeId, { ...ProgrammePublished.example, programmeId, title: title ?? `Programme ${programmeId.slice(0, 6)}`, budgetPence, revision: 1 });
  await produce(RoundOpened, roundId, { ...RoundOpened.example, roundId, programmeId, maxAwardPence: 20_000_000, assessment });
  return { programmeId, roundId };
}

export function screenedBid(round: { programmeId: string; roundId: string }, sector: string, extra: Partial<BidScreenedV1> = {}): BidScreenedV1 {
  const bidId = randomUUID();
  return {
    ...BidScreened.example,
    bidId,
    reference: `DD-${bidId.slice(0, 8)}`,
    roundId: round.roundId,
    programmeId: round.programmeId,
    authorityCode: `E0${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    partnerAuthorityCodes: [],
    sector,
    amountRequestedPence: 3_000_000,
    maxAwardPence: 20_000_000,
    ...extra,
  };
}

export class AwardsApi {
  readonly officer = testUser('programme_officer');
  readonly secondOfficer = testUser('programme_officer');

  constructor(
    readonly url: string,
    readonly db: DataSource,
  ) {}

  /** bidProgramme, returning once awards holds its settings (bids and settings travel on different topics). */
  async bidProgramme(budgetPence: number, assessment = RoundOpened.example.assessment, title?: string) {
    const { programmeId, roundId } = await bidProgramme(budgetPence, assessment, title);
    await waitFor(
      async () => {
        const [row] = await this.db.query(`select 1 from schemes s join programmes p on p.id = s.programme_id where s.id = $1 and s.assessment is not null and p.revision >= 1`, [roundId]);
        return row !== undefined;
      },
      { what: 'the programme and round settings in awards', timeoutMs: 60000 },
    );
    return { programmeId, roundId };
  }

  /**
   * A panel for the test's own programme (so cases from other tests' events never reach it), with
   * expertise in a sector of the test's own.
   */
  async team(programmeId: string, sector: string, count: number, conflicts: { kind: string; value: string }[][] = []): Promise<TestUser[]> {
    const team: TestUser[] = [];
    for (let i = 0; i < count; i += 1) {
      const assessor = testUser('assessor', { id: `assessor-${sector}-${i}`, name: `Assessor ${i}` });
      await request(this.url)
        .put(`/assessors/${assessor.id}`)
        .set(this.officer.auth)
        .send({ name: assessor.name, email: assessor.email, sectors: [sector], programmeIds: [programmeId], capacity: 20, conflicts: conflicts[i] ?? [] })
        .expect(200);
      team.push(assessor);
    }
    return team;
  }

  async caseFor(sourceId: string, status?: string): Promise<{ id: string; status: string }> {
    return waitFor(
      async () => {
        const [row] = await this.db.query('select id, status from cases where source_id = $1', [sourceId]);
        return row && (!status || row.status === status) && row;
      },
      { what: `the case of ${sourceId}${status ? ` (${status})` : ''}`, timeoutMs: 60000 },
    );
  }

  async allocated(caseId: string): Promise<string[]> {
    const rows = await this.db.query(`select assessor_id from allocations where case_id = $1 and status in ('allocated', 'submitted') order by assessor_id`, [caseId]);
    return rows.map((r: { assessor_id: string }) => r.assessor_id);
  }

  async score(assessor: TestUser, caseId: string, points: [number, number, number], status = 201): Promise<request.Response> {
    const view = await request(this.url).get(`/assessor/cases/${caseId}`).set(assessor.auth).expect(200);
    const scores = view.body.criteria.map((c: { id: string }, i: number) => ({ criterionId: c.id, score: points[i], comment: `Reasons for ${c.id}` }));
    return request(this.url).post(`/assessor/cases/${caseId}/assessment`).set(assessor.auth).send({ scores, recommendation: 'fund' }).expect(status);
  }

  /** Scores a case by every assessor allocated to it, all alike, so it is assessed without moderation. */
  async assess(team: TestUser[], caseId: string, points: [number, number, number] = [4, 4, 4]) {
    for (const id of await this.allocated(caseId)) {
      await this.score(team.find((a) => a.id === id)!, caseId, points);
    }
  }

  /** Waits until awards has handled these events: their ids are in its inbox, committed with their effects. */
  handled(...events: { id: string }[]): Promise<void> {
    return eventsHandled(this.db, events.map((e) => e.id), 60000);
  }

  async outboxCount(type?: string, subject?: string): Promise<number> {
    const [{ n }] = await this.db.query(
      `select count(*)::int as n from outbox_messages where ($1::text is null or envelope->>'type' = $1) and ($2::text is null or message_key = $2)`,
      [type ?? null, subject ?? null],
    );
    return n;
  }
}
