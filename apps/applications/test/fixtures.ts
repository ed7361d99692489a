import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, testUser, TestUser } from '@mutuals/testing';

export const officer = testUser('programme_officer');

export const QUESTIONS = [
  { id: 'need', text: 'What support do you need, and why now?', wordLimit: 20, required: true },
  { id: 'backing', text: 'How do your staff and parent body back the spin-out?', wordLimit: 10, required: true },
  { id: 'outcomes', text: 'What difference will it make?', wordLimit: 10, required: false },
];

export function fundBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `Mutuals Interim Support Fund ${randomUUID().slice(0, 8)}`,
    capPerApplicationPence: 2_500_000,
    budgetPence: 100_000_000,
    open: true,
    matchFundingRequired: false,
    questions: QUESTIONS,
    ...overrides,
  };
}

export function organisationBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Blackpool youth service staff group',
    type: 'staff-group',
    legalForm: 'none-yet',
    parentBody: 'Blackpool Council',
    sector: 'youth',
    region: 'north-west',
    staffCount: 48,
    servicesInScope: ['Youth clubs', 'Detached youth work'],
    spinOutStage: 'exploring',
    employeeSharePercent: 100,
    projectLead: { name: 'Kerry Walsh', role: 'Senior youth worker', email: 'kerry.walsh@blackpool.example.org' },
    ...overrides,
  };
}

/** Everything a submission needs, for the fixture fund's questions. */
export const COMPLETE_APPLICATION = {
  title: 'Legal and pensions advice to spin out the youth service',
  supportTypes: ['legal', 'hr-and-pensions'],
  amountRequestedPence: 2_500_000,
  subsidyReceivedPence: 0,
  servicesDeliveredInEngland: true,
  answers: [
    { questionId: 'need', text: 'We need TUPE and pensions advice before the council decides.' },
    { questionId: 'backing', text: 'Forty of forty-eight staff signed up.' },
  ],
};

export async function createFund(service: RunningService<any>, overrides: Record<string, unknown> = {}) {
  const res = await request(service.url).post('/funds').set(officer.auth).send(fundBody(overrides)).expect(201);
  return res.body;
}

/** An applicant whose token names their organisation, registered with the given details. */
export async function registeredApplicant(service: RunningService<any>, overrides: Record<string, unknown> = {}) {
  const user = testUser('applicant', { organisationId: randomUUID() });
  const res = await request(service.url).post('/organisations').set(user.auth).send(organisationBody(overrides)).expect(201);
  return { user, organisation: res.body };
}

export async function draft(service: RunningService<any>, user: TestUser, fundId: string, body: Record<string, unknown> = COMPLETE_APPLICATION) {
  const res = await request(service.url).post('/applications').set(user.auth).send({ fundId, ...body }).expect(201);
  return res.body;
}

export async function submitted(service: RunningService<any>, user: TestUser, fundId: string, body: Record<string, unknown> = COMPLETE_APPLICATION) {
  const created = await draft(service, user, fundId, body);
  const res = await request(service.url).post(`/applications/${created.id}/submit`).set(user.auth).send({ version: created.version }).expect(200);
  return res.body;
}

/**
 * What a refused request must leave untouched: every table a use case writes, and the outbox.
 * Status changes from awards events are left out: an awards service sharing the broker in another
 * test run may be assessing earlier test applications at any moment.
 */
export async function storedCounts(db: DataSource) {
  const [row] = await db.query(`select
    (select count(*)::int from applications) as applications,
    (select count(*)::int from organisations) as organisations,
    (select count(*)::int from funds) as funds,
    (select count(*)::int from audit_trail where action in ('created', 'registered', 'updated', 'submitted', 'withdrawn')) as audit,
    (select count(*)::int from outbox_messages) as events`);
  return row;
}

export async function outboxFor(db: DataSource, key: string): Promise<{ topic: string; envelope: any }[]> {
  return db.query(`select topic, envelope from outbox_messages where message_key = $1 order by seq`, [key]);
}
