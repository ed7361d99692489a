import request from 'supertest';
import { DataSource } from 'typeorm';
import { contractForType, EventContract } from '@mutuals/contracts';
import { cloudEventOf, readTopic, RunningService, startTestService, testUser, waitFor } from '@mutuals/testing';
import { localAuthorities, Region } from '@mutuals/domain';
import { intakeService } from '../src/service';

export const officer = testUser('programme_officer');

export function startIntake(overrides: Record<string, unknown> = {}): Promise<RunningService<any>> {
  return startTestService(intakeService, { ROUND_SCHEDULER_POLL_MS: 100, ...overrides });
}

/** Today's English councils from the register, in a random order: bids name real authorities. */
const COUNCILS = localAuthorities.on(new Date()).sort(() => Math.random() - 0.5);
const handedOut = new Set<string>();
/**
 * A council of today not yet handed out by this test file (in a region, if given), so its tests own
 * their authorities; once all are out they are handed out again, so a round takes at most 317.
 */
export function freshAuthorityCode(region?: Region): string {
  const pool = region ? COUNCILS.filter((a) => a.region === region) : COUNCILS;
  let next = pool.find((a) => !handedOut.has(a.code));
  if (!next) {
    for (const a of pool) handedOut.delete(a.code);
    next = pool[0];
  }
  handedOut.add(next.code);
  return next.code;
}

export function council(code = freshAuthorityCode()) {
  return testUser('applicant', { organisationId: code, name: `Officer at ${code}` });
}

/** A time `seconds` from now, to the whole second (rounds are set to the second). */
export function wholeSecondsFromNow(seconds: number): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000);
}

export const roundSettings = (opensAt: Date, closesAt: Date) => ({
  name: `Delivering Differently test ${opensAt.toISOString()}`,
  referencePrefix: 'DDT',
  opensAt: opensAt.toISOString(),
  closesAt: closesAt.toISOString(),
  maxAwardPence: 10_000_000,
  places: 10,
  eligibility: { englishLocalAuthoritiesOnly: true, jointBidsAllowed: true, maxPartners: 3 },
  questions: [{ id: 'vision', text: 'What will you deliver differently?', wordLimit: 50, required: true }],
  assessment: {
    criteria: [
      { id: 'ambition', name: 'Ambition and scale of change', weight: 60 },
      { id: 'readiness', name: 'Readiness to deliver', weight: 40 },
    ],
    scaleMax: 5,
    assessorsPerCase: 2,
    moderationThreshold: 20,
  },
});

/** A complete bid; its lead is the caller's council (from the token), named and placed by the register. */
export const bidContent = (_code: string, extra: Record<string, unknown> = {}) => ({
  sector: 'youth',
  title: 'A staff-led mutual for youth services',
  amountRequestedPence: 9_500_000,
  answers: [{ questionId: 'vision', text: 'Our youth service becomes a mutual owned by its staff.' }],
  ...extra,
});

export async function createProgramme(url: string): Promise<string> {
  const code = `DD-T${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1000)}`;
  const res = await request(url)
    .post('/programmes')
    .set(officer.auth)
    .send({
      code,
      title: 'Delivering Differently',
      departments: ['Department for Communities and Local Government', 'Cabinet Office'],
      budgetPence: 100_000_000,
      legalPower: 'Section 31 of the Local Government Act 2003',
      grantsSchemeReference: 'GGIS-TEST-1',
      seniorResponsibleOfficer: 'Director, Public Service Transformation',
    })
    .expect(201);
  return res.body.id;
}

/** Creates and schedules a round; returns its id once it has the wanted status. */
export async function scheduledRound(url: string, opensAt: Date, closesAt: Date, programmeId?: string): Promise<string> {
  const programme = programmeId ?? (await createProgramme(url));
  const created = await request(url).post(`/programmes/${programme}/rounds`).set(officer.auth).send(roundSettings(opensAt, closesAt)).expect(201);
  await request(url).post(`/rounds/${created.body.id}/status`).set(officer.auth).send({ status: 'scheduled' }).expect(200);
  return created.body.id;
}

export async function openRound(url: string, closesInSeconds = 3600): Promise<string> {
  const id = await scheduledRound(url, wholeSecondsFromNow(0), wholeSecondsFromNow(closesInSeconds));
  await waitForStatus(url, id, 'open');
  return id;
}

export function waitForStatus(url: string, roundId: string, status: string, timeoutMs = 10000) {
  return waitFor(async () => (await request(url).get(`/rounds/${roundId}`).set(officer.auth)).body.status === status, { timeoutMs, what: `round ${status}` });
}

export async function untilClock(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

export async function outboxEvents(db: DataSource, type: string, subject?: string): Promise<{ data: any; subject: string }[]> {
  const rows: { envelope: { data: any; subject: string } }[] = await db.query(
    `select envelope from outbox_messages where envelope->>'type' = $1 ${subject ? `and (message_key = $2 or envelope->'data'->>'roundId' = $2)` : ''} order by seq`,
    subject ? [type, subject] : [type],
  );
  return rows.map((r) => r.envelope);
}


export async function outboxDrained(db: DataSource): Promise<void> {
  await waitFor(async () => (await db.query('select count(*)::int as n from outbox_messages where published_at is null'))[0].n === 0, {
    timeoutMs: 30000,
    what: 'the outbox to be published',
  });
}

/**
 * The published events of one type about the given rounds, read from the type's stream (its
 * aggregate's topic). `event` is a contract or an event type such as 'intake.round.opened.v1'.
 */
export async function eventsOnTopic(event: EventContract | string, roundIds: string[]): Promise<{ id: string; type: string; data: any }[]> {
  const contract = typeof event === 'string' ? contractForType(event) : event;
  if (!contract) throw new Error(`${String(event)} is not an event type of the platform`);
  return (await readTopic(contract.topic, 30000))
    .filter((m) => {
      const envelope = JSON.parse(m.value ?? '{}');
      return envelope.type === contract.type && roundIds.includes(envelope.data?.roundId);
    })
    // Read as an outside client would: each record a valid CloudEvent (structured mode).
    .map((m) => cloudEventOf(m) as unknown as { id: string; type: string; data: any });
}
