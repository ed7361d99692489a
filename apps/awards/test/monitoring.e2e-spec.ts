import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AwardConditionResolved, AwardMonitoringReturnReminded, AwardMonitoringScheduled, BidScreened, CaseEvidenceAttached, CaseEvidenceRemoved } from '@mutuals/contracts';
import { minimalPdf, windowsProgram } from '@mutuals/documents';
import { RunningService, startTestService, testUser } from '@mutuals/testing';
import { addDays, addMonths } from '../src/monitoring/monitoring-schedule';
import { MonitoringService } from '../src/monitoring/monitoring.service';
import { awardsService } from '../src/service';
import { AwardsApi, freshOrgId, produce, screenedBid } from './awards-fixtures';

jest.setTimeout(180_000);

const today = () => new Date().toISOString().slice(0, 10);

describe('awards service: conditions and monitoring after the award', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let api: AwardsApi;

  beforeAll(async () => {
    service = await startTestService(awardsService, { MONITORING_SCAN_POLL_MS: 200 });
    db = service.app.get(DataSource);
    api = new AwardsApi(service.url, db);
  });
  afterAll(() => service?.close());

  /** An accepted award of £30,000 with two conditions, the council its applicant. */
  async function acceptedAward() {
    const round = await api.bidProgramme(50_000_000);
    const sector = `sector-${randomUUID().slice(0, 8)}`;
    const team = await api.team(round.programmeId, sector, 2);
    const bid = screenedBid(round, sector, { amountRequestedPence: 3_000_000 });
    await produce(BidScreened, bid.bidId, bid);
    const c = await api.caseFor(bid.bidId, 'in-assessment');
    await api.assess(team, c.id);
    await request(service.url).post(`/cases/${c.id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 3_000_000, reason: 'Fits' }).expect(200);
    await request(service.url).post(`/cases/${c.id}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
    const offer = {
      conditions: ['Appoint an independent chair', 'Report on outcomes after six months'],
      conditionsDueOn: ['2027-01-31', '2027-06-30'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const award = (await request(service.url).post(`/cases/${c.id}/offer`).set(api.officer.auth).send(offer).expect(201)).body;
    const council = testUser('applicant', { organisationId: bid.authorityCode });
    await request(service.url).post(`/awards/${award.id}/accept`).set(council.auth).expect(200);
    return { award, council, caseId: c.id };
  }

  it('a payment waiting for an unmet condition is refused, naming it; once the officer accepts the evidence it is paid', async () => {
    const { award, council, caseId } = await acceptedAward();
    const view = (await request(service.url).get(`/awards/${award.id}`).set(council.auth).expect(200)).body;
    expect(view.trackedConditions).toEqual([
      expect.objectContaining({ text: 'Appoint an independent chair', dueOn: '2027-01-31', status: 'open', evidenceDocumentIds: [] }),
      expect.objectContaining({ text: 'Report on outcomes after six months', dueOn: '2027-06-30', status: 'open' }),
    ]);
    const chair = view.trackedConditions[0];

    const unknown = randomUUID();
    const refused = await request(service.url)
      .put(`/awards/${award.id}/milestones`)
      .set(api.officer.auth)
      .send({ milestones: [{ name: 'On signing', amountPence: 1_000_000, dueOn: '2026-12-01', dependsOnConditionIds: [unknown] }, { name: 'Rest', amountPence: 2_000_000, dueOn: '2027-02-01' }] })
      .expect(422);
    expect(refused.body.message).toContain(unknown);
    const scheduled = await request(service.url)
      .put(`/awards/${award.id}/milestones`)
      .set(api.officer.auth)
      .send({ milestones: [{ name: 'On signing', amountPence: 1_000_000, dueOn: '2026-12-01' }, { name: 'Once the chair is appointed', amountPence: 2_000_000, dueOn: '2027-02-01', dependsOnConditionIds: [chair.id] }] })
      .expect(200);
    const [signing, second] = scheduled.body.milestones;
    expect(second.dependsOnConditionIds).toEqual([chair.id]);

    await request(service.url).post(`/awards/${award.id}/milestones/${signing.id}/pay`).set(api.officer.auth).expect(200);
    const blocked = await request(service.url).post(`/awards/${award.id}/milestones/${second.id}/pay`).set(api.officer.auth).expect(409);
    expect(blocked.body.code).toBe('condition-unmet');
    expect(blocked.body.message).toContain('"Appoint an independent chair" (no evidence yet)');

    expect((await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/accept`).set(api.officer.auth).expect(409)).body.code).toBe('no-evidence');
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/evidence`).set(testUser('applicant').auth).send({ note: 'Not mine' }).expect(404);
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/evidence`).set(council.auth).send({}).expect(422);
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/evidence`).set(council.auth).send({ documentIds: [randomUUID()] }).expect(422);
    const minutes = (await request(service.url).post(`/cases/${caseId}/documents`).set(api.officer.auth).attach('file', minimalPdf(), 'Board minutes.pdf').expect(201)).body;
    const evidenced = await request(service.url)
      .post(`/awards/${award.id}/conditions/${chair.id}/evidence`)
      .set(council.auth)
      .send({ note: 'Board minutes of 3 December appointing Ms Patel', documentIds: [minutes.id] })
      .expect(200);
    expect(evidenced.body.conditions[0]).toMatchObject({ status: 'evidence-submitted', evidenceNote: 'Board minutes of 3 December appointing Ms Patel', evidenceDocumentIds: [minutes.id], evidenceSubmittedBy: council.id });
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/accept`).set(council.auth).expect(403);
    const stillBlocked = await request(service.url).post(`/awards/${award.id}/milestones/${second.id}/pay`).set(api.officer.auth).expect(409);
    expect(stillBlocked.body.message).toContain('"Appoint an independent chair" (evidence not yet accepted)');

    const met = await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/accept`).set(api.officer.auth).expect(200);
    expect(met.body.conditions[0]).toMatchObject({ status: 'met', decidedBy: api.officer.id, decidedAt: expect.any(String) });
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/accept`).set(api.officer.auth).expect(409);
    const paid = await request(service.url).post(`/awards/${award.id}/milestones/${second.id}/pay`).set(api.officer.auth).expect(200);
    expect(paid.body).toMatchObject({ status: 'completed', paidPence: 3_000_000, outstandingPence: 0 });

    const other = view.trackedConditions[1];
    await request(service.url).post(`/awards/${award.id}/conditions/${other.id}/waive`).set(api.officer.auth).send({}).expect(400);
    const waived = await request(service.url).post(`/awards/${award.id}/conditions/${other.id}/waive`).set(api.officer.auth).send({ reason: 'The commissioner reports outcomes itself' }).expect(200);
    expect(waived.body.conditions[1]).toMatchObject({ status: 'waived', waivedReason: 'The commissioner reports outcomes itself' });
    expect(await api.outboxCount(AwardConditionResolved.type, award.id)).toBe(2);
    const history = (await request(service.url).get(`/awards/${award.id}/history`).set(api.officer.auth).expect(200)).body.map((h: { action: string }) => h.action);
    expect(history.slice(history.indexOf('accepted'))).toEqual([
      'accepted', 'payments-scheduled', 'payment-made', 'evidence-added', 'condition-evidence-submitted', 'condition-met', 'payment-made', 'condition-waived',
    ]);
  });

  it('the mutual attaches a document as evidence of a condition: checked like the case evidence, on the case for the officer, its own to download', async () => {
    const { award, council, caseId } = await acceptedAward();
    const chair = (await request(service.url).get(`/awards/${award.id}/monitoring`).set(council.auth).expect(200)).body.conditions[0];

    const program = await request(service.url).post(`/awards/${award.id}/documents`).set(council.auth).attach('file', windowsProgram(), 'minutes.pdf').expect(422);
    expect(program.body).toMatchObject({ code: 'document-type-refused', message: expect.stringContaining('a Windows program') });
    await request(service.url).post(`/awards/${award.id}/documents`).set(testUser('applicant').auth).attach('file', minimalPdf(), 'Board minutes.pdf').expect(404);
    await request(service.url).post(`/awards/${award.id}/documents`).set(api.officer.auth).attach('file', minimalPdf(), 'Board minutes.pdf').expect(403);

    const minutes = (await request(service.url).post(`/awards/${award.id}/documents`).set(council.auth).attach('file', minimalPdf('Minutes'), 'Board minutes.pdf').expect(201)).body;
    expect(minutes).toMatchObject({ name: 'Board minutes.pdf', type: 'pdf', contentType: 'application/pdf' });
    const [attached] = await db.query(`select envelope->'data' as data from outbox_messages where envelope->>'type' = $1 and message_key = $2`, [CaseEvidenceAttached.type, caseId]);
    expect(attached.data).toMatchObject({ attachedBy: council.id, document: { documentId: minutes.id, name: 'Board minutes.pdf', type: 'pdf' } });
    const dueDiligence = (await request(service.url).post(`/cases/${caseId}/documents`).set(api.officer.auth).attach('file', minimalPdf('Accounts'), 'Accounts.pdf').expect(201)).body;

    const sent = await request(service.url)
      .post(`/awards/${award.id}/conditions/${chair.id}/evidence`)
      .set(council.auth)
      .send({ note: 'Minutes of the board meeting appointing Ms Patel', documentIds: [minutes.id] })
      .expect(200);
    expect(sent.body.conditions[0]).toMatchObject({ status: 'evidence-submitted', evidenceDocumentIds: [minutes.id], evidenceDocuments: [expect.objectContaining({ id: minutes.id, name: 'Board minutes.pdf' })] });

    // The officer finds it with the case's evidence and on the award, and accepts it.
    const caseEvidence = (await request(service.url).get(`/cases/${caseId}/documents`).set(api.officer.auth).expect(200)).body.items.map((d: { id: string }) => d.id);
    expect(caseEvidence).toEqual(expect.arrayContaining([minutes.id, dueDiligence.id]));
    const officerView = (await request(service.url).get(`/awards/${award.id}`).set(api.officer.auth).expect(200)).body;
    expect(officerView.trackedConditions[0].evidenceDocuments.map((d: { id: string }) => d.id)).toEqual([minutes.id]);
    const met = await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/accept`).set(api.officer.auth).expect(200);
    expect(met.body.conditions[0]).toMatchObject({ status: 'met', evidenceDocumentIds: [minutes.id] });

    // Its own document the mutual downloads; the officers' due diligence, and another mutual, get "not found".
    const download = await request(service.url).get(`/awards/${award.id}/documents/${minutes.id}/content`).set(council.auth).buffer(true).expect(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(Buffer.from(download.body).equals(minimalPdf('Minutes'))).toBe(true);
    await request(service.url).get(`/awards/${award.id}/documents/${dueDiligence.id}/content`).set(council.auth).expect(404);
    await request(service.url).get(`/awards/${award.id}/documents/${minutes.id}/content`).set(testUser('applicant').auth).expect(404);
    await request(service.url).get(`/awards/${award.id}/documents/${dueDiligence.id}/content`).set(api.officer.auth).expect(200);
    await request(service.url).get(`/cases/${caseId}/documents/${minutes.id}/content`).set(council.auth).expect(403);
  });

  it('the mutual removes a document it attached that no evidence under review or accepted names; the officer sees which documents are the mutual\'s', async () => {
    const { award, council, caseId } = await acceptedAward();
    const chair = (await request(service.url).get(`/awards/${award.id}/monitoring`).set(council.auth).expect(200)).body.conditions[0];
    const attach = async (text: string, name: string) => (await request(service.url).post(`/awards/${award.id}/documents`).set(council.auth).attach('file', minimalPdf(text), name).expect(201)).body;
    const draft = await attach('Draft', 'Draft minutes.pdf');
    const signed = await attach('Signed', 'Signed minutes.pdf');
    const dueDiligence = (await request(service.url).post(`/cases/${caseId}/documents`).set(api.officer.auth).attach('file', minimalPdf('Accounts'), 'Accounts.pdf').expect(201)).body;
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/evidence`).set(council.auth).send({ documentIds: [draft.id] }).expect(200);

    const listed = (await request(service.url).get(`/awards/${award.id}/documents`).set(council.auth).expect(200)).body.items;
    expect(listed).toEqual([
      expect.objectContaining({ id: draft.id, removable: false, evidenceOf: [{ conditionId: chair.id, condition: 'Appoint an independent chair', status: 'evidence-submitted' }] }),
      expect.objectContaining({ id: signed.id, removable: true, evidenceOf: [] }),
    ]);
    await request(service.url).get(`/awards/${award.id}/documents`).set(testUser('applicant').auth).expect(404);

    // Waiting for the officer's review: the officer relies on it.
    const pending = await request(service.url).delete(`/awards/${award.id}/documents/${draft.id}`).set(council.auth).expect(409);
    expect(pending.body).toMatchObject({ code: 'document-held-as-evidence', message: expect.stringContaining('"Appoint an independent chair" (waiting for your programme officer to review it)') });
    // Another organisation, the officers' due diligence, and an officer on the mutual's route.
    await request(service.url).delete(`/awards/${award.id}/documents/${signed.id}`).set(testUser('applicant').auth).expect(404);
    await request(service.url).delete(`/awards/${award.id}/documents/${dueDiligence.id}`).set(council.auth).expect(404);
    await request(service.url).delete(`/awards/${award.id}/documents/${signed.id}`).set(api.officer.auth).expect(403);

    // The officer wants the signed minutes instead: the draft, named by no evidence now, the mutual removes.
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/evidence`).set(council.auth).send({ documentIds: [signed.id] }).expect(200);
    await request(service.url).delete(`/awards/${award.id}/documents/${draft.id}`).set(council.auth).expect(204);
    await request(service.url).delete(`/awards/${award.id}/documents/${draft.id}`).set(council.auth).expect(404);
    await request(service.url).get(`/awards/${award.id}/documents/${draft.id}/content`).set(api.officer.auth).expect(404);
    const [removal] = await db.query(`select subject_type, subject_id, actor, details from audit_trail where case_id = $1 and action = 'evidence-removed'`, [caseId]);
    expect(removal).toEqual({ subject_type: 'case', subject_id: caseId, actor: council.id, details: { documentId: draft.id, name: 'Draft minutes.pdf', fromApplicant: true } });
    const [removed] = await db.query(`select envelope->'data' as data from outbox_messages where envelope->>'type' = $1 and message_key = $2`, [CaseEvidenceRemoved.type, caseId]);
    expect(removed.data).toMatchObject({ removedBy: council.id, document: { documentId: draft.id, name: 'Draft minutes.pdf', type: 'pdf' } });

    // Accepted evidence stays.
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/accept`).set(api.officer.auth).expect(200);
    const accepted = await request(service.url).delete(`/awards/${award.id}/documents/${signed.id}`).set(council.auth).expect(409);
    expect(accepted.body.message).toContain('"Appoint an independent chair" (accepted by your programme officer)');
    const officerList = (await request(service.url).get(`/awards/${award.id}/documents`).set(api.officer.auth).expect(200)).body.items;
    expect(officerList.map((d: { id: string; removable: boolean }) => [d.id, d.removable])).toEqual([[signed.id, false]]);

    // The officer's list of the case's documents marks the mutual's.
    const caseDocuments = (await request(service.url).get(`/cases/${caseId}/documents`).set(api.officer.auth).expect(200)).body.items;
    expect(caseDocuments.map((d: { id: string; fromApplicant: boolean }) => [d.id, d.fromApplicant])).toEqual([[signed.id, true], [dueDiligence.id, false]]);
    const conditions = (await request(service.url).get(`/awards/${award.id}/monitoring`).set(api.officer.auth).expect(200)).body.conditions;
    expect(conditions[0].evidenceDocuments).toEqual([expect.objectContaining({ id: signed.id, fromApplicant: true })]);
  });

  it("an officer cannot remove from the case a document that evidence under review or accepted names, whoever attached it; one nothing relies on they remove", async () => {
    const { award, council, caseId } = await acceptedAward();
    const [chair, report] = (await request(service.url).get(`/awards/${award.id}/monitoring`).set(api.officer.auth).expect(200)).body.conditions;
    const minutes = (await request(service.url).post(`/awards/${award.id}/documents`).set(council.auth).attach('file', minimalPdf('Minutes'), 'Board minutes.pdf').expect(201)).body;
    const attachAsOfficer = async (text: string, name: string) => (await request(service.url).post(`/cases/${caseId}/documents`).set(api.officer.auth).attach('file', minimalPdf(text), name).expect(201)).body;
    const outcomes = await attachAsOfficer('Outcomes', 'Outcomes report.pdf');
    const accounts = await attachAsOfficer('Accounts', 'Accounts.pdf');
    // The mutual's minutes wait for review; the outcomes report, which the mutual emailed and the officer sent as evidence, is accepted.
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/evidence`).set(council.auth).send({ documentIds: [minutes.id] }).expect(200);
    await request(service.url).post(`/awards/${award.id}/conditions/${report.id}/evidence`).set(api.officer.auth).send({ note: 'Sent by email', documentIds: [outcomes.id] }).expect(200);
    await request(service.url).post(`/awards/${award.id}/conditions/${report.id}/accept`).set(api.officer.auth).expect(200);

    const pending = await request(service.url).delete(`/cases/${caseId}/documents/${minutes.id}`).set(api.officer.auth).expect(409);
    expect(pending.body).toMatchObject({
      code: 'document-held-as-evidence',
      message: 'This document is evidence for a condition and cannot be removed: "Appoint an independent chair" (waiting for review)',
      details: { conditionIds: [chair.id] },
    });
    const accepted = await request(service.url).delete(`/cases/${caseId}/documents/${outcomes.id}`).set(api.officer.auth).expect(409);
    expect(accepted.body).toMatchObject({ code: 'document-held-as-evidence', message: expect.stringContaining('"Report on outcomes after six months" (accepted)') });
    const kept = (await request(service.url).get(`/cases/${caseId}/documents`).set(api.officer.auth).expect(200)).body.items.map((d: { id: string }) => d.id);
    expect(kept).toEqual([minutes.id, outcomes.id, accounts.id]);
    await request(service.url).get(`/awards/${award.id}/documents/${minutes.id}/content`).set(council.auth).expect(200);

    // Documents nothing relies on the officer removes: their own, and the mutual's once its evidence no longer names it.
    await request(service.url).delete(`/cases/${caseId}/documents/${accounts.id}`).set(api.officer.auth).expect(204);
    await request(service.url).post(`/awards/${award.id}/conditions/${chair.id}/evidence`).set(council.auth).send({ note: 'Ms Patel was appointed at the March board meeting' }).expect(200);
    await request(service.url).delete(`/cases/${caseId}/documents/${minutes.id}`).set(api.officer.auth).expect(204);
    const removals = await db.query(`select actor, details->>'documentId' as "documentId" from audit_trail where case_id = $1 and action = 'evidence-removed' order by id`, [caseId]);
    expect(removals).toEqual([{ actor: api.officer.id, documentId: accounts.id }, { actor: api.officer.id, documentId: minutes.id }]);
  });

  it('acceptance schedules quarterly returns; the mutual submits, the officer returns and accepts; overdue returns are flagged once', async () => {
    const { award, council } = await acceptedAward();
    const schedule = (await request(service.url).get(`/awards/${award.id}/monitoring`).set(council.auth).expect(200)).body;
    const start = today();
    expect(schedule.intervalMonths).toBe(3);
    expect(schedule.returns.map((r: any) => [r.period, r.periodStart, r.periodEnd, r.dueOn, r.status, r.overdue])).toEqual(
      [1, 2, 3, 4].map((n) => [n, addMonths(start, (n - 1) * 3), addMonths(start, n * 3), addDays(addMonths(start, n * 3), 30), 'due', false]),
    );
    expect(await api.outboxCount(AwardMonitoringScheduled.type, award.id)).toBe(1);

    // Monthly from six months ago: every return is already past its due date.
    const sixMonthsAgo = addMonths(start, -6);
    const rescheduled = await request(service.url).put(`/awards/${award.id}/monitoring`).set(api.officer.auth).send({ intervalMonths: 1, returns: 3, startOn: sixMonthsAgo }).expect(200);
    const returns = rescheduled.body.returns;
    expect(returns.map((r: any) => [r.period, r.periodStart, r.dueOn, r.overdue])).toEqual([
      [1, sixMonthsAgo, addDays(addMonths(sixMonthsAgo, 1), 30), true],
      [2, addMonths(sixMonthsAgo, 1), addDays(addMonths(sixMonthsAgo, 2), 30), true],
      [3, addMonths(sixMonthsAgo, 2), addDays(addMonths(sixMonthsAgo, 3), 30), true],
    ]);
    await request(service.url).put(`/awards/${award.id}/monitoring`).set(council.auth).send({ intervalMonths: 1, returns: 3 }).expect(403);

    const figures = {
      staff: 250,
      contractValuePence: 1_200_000_000,
      contractRenewals: 1,
      turnoverPence: 310_000_000,
      savingsToCommissionerPence: 45_000_000,
      outcomes: [{ measure: 'People supported at home', value: '1,240' }],
    };
    const first = returns[0].id;
    await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first}`).set(testUser('applicant').auth).send(figures).expect(404);
    await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first}`).set(council.auth).send({ ...figures, staff: -1 }).expect(400);
    await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first}/review`).set(api.officer.auth).send({ outcome: 'accepted' }).expect(409);
    const submitted = await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first}`).set(council.auth).send({ ...figures, turnoverPence: 1_240_000_000 }).expect(200);
    expect(submitted.body.returns[0]).toMatchObject({ status: 'submitted', staff: 250, turnoverPence: 1_240_000_000, submittedBy: council.id, overdue: false });
    expect((await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first}/review`).set(api.officer.auth).send({ outcome: 'returned' }).expect(422)).body.code).toBe('note-required');
    const sentBack = await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first}/review`).set(api.officer.auth).send({ outcome: 'returned', note: 'Give the month’s turnover, not the year’s' }).expect(200);
    expect(sentBack.body.returns[0]).toMatchObject({ status: 'returned', reviewNote: 'Give the month’s turnover, not the year’s' });
    await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first}`).set(council.auth).send(figures).expect(200);
    const accepted = await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first}/review`).set(api.officer.auth).send({ outcome: 'accepted' }).expect(200);
    expect(accepted.body.returns[0]).toMatchObject({ status: 'accepted', turnoverPence: 310_000_000, outcomes: figures.outcomes, reviewedBy: api.officer.id });
    await request(service.url).post(`/awards/${award.id}/monitoring/returns/${first}`).set(council.auth).send(figures).expect(409);

    // The scanner runs every 200 ms; run it twice more by hand as well: each overdue return is flagged once.
    const monitoring = service.app.get(MonitoringService);
    await monitoring.scan(50);
    await monitoring.scan(50);
    const overdueEvents = async (returnId: string) => {
      const [{ n }] = await db.query(
        `select count(*)::int as n from outbox_messages where envelope->>'type' = $1 and message_key = $2 and envelope->'data'->>'returnId' = $3 and envelope->'data'->>'kind' = 'overdue'`,
        [AwardMonitoringReturnReminded.type, award.id, returnId],
      );
      return n;
    };
    expect([await overdueEvents(returns[1].id), await overdueEvents(returns[2].id)]).toEqual([1, 1]);
    const flagged = (await request(service.url).get(`/awards/${award.id}/monitoring`).set(api.officer.auth).expect(200)).body.returns;
    expect(flagged.slice(1).map((r: any) => [r.overdue, typeof r.overdueFlaggedAt])).toEqual([[true, 'string'], [true, 'string']]);
    const overdue = (await request(service.url).get('/monitoring/overdue').query({ pageSize: 200 }).set(api.officer.auth).expect(200)).body;
    expect(overdue.total).toBeGreaterThanOrEqual(overdue.items.length);
    const list = overdue.items.filter((r: { awardId: string }) => r.awardId === award.id);
    expect(list.map((r: { period: number }) => r.period)).toEqual([2, 3]);
    await request(service.url).get('/monitoring/overdue').set(council.auth).expect(403);

    // A mutual that sends its return by email or post: an officer records it, under the officer's name.
    const recorded = await request(service.url).post(`/awards/${award.id}/monitoring/returns/${returns[1].id}`).set(api.officer.auth).send(figures).expect(200);
    expect(recorded.body.returns[1]).toMatchObject({ status: 'submitted', staff: 250, submittedBy: api.officer.id, overdue: false });

    const history = (await request(service.url).get(`/awards/${award.id}/history`).set(api.officer.auth).expect(200)).body;
    expect(history.find((h: { action: string }) => h.action === 'accepted').details.monitoring).toMatchObject({ intervalMonths: 3, returns: schedule.returns.map((r: { id: string }) => expect.objectContaining({ returnId: r.id })) });
    const actions = history.map((h: { action: string }) => h.action);
    expect(actions.filter((a: string) => a === 'monitoring-scheduled')).toHaveLength(1);
    expect(actions).toEqual(expect.arrayContaining(['monitoring-return-submitted', 'monitoring-return-returned', 'monitoring-return-accepted', 'monitoring-return-overdue']));
  });

  it('reminds the mutual once of a return falling due within the reminder window, without flagging it overdue', async () => {
    const { award } = await acceptedAward();
    // One monthly return whose period ended 23 days ago: due in about a week.
    const startOn = addMonths(addDays(today(), -23), -1);
    const [soon] = (await request(service.url).put(`/awards/${award.id}/monitoring`).set(api.officer.auth).send({ intervalMonths: 1, returns: 1, startOn }).expect(200)).body.returns;
    expect(soon.overdue).toBe(false);
    const monitoring = service.app.get(MonitoringService);
    await monitoring.scan(50);
    await monitoring.scan(50);
    const kinds = await db.query(`select envelope->'data'->>'kind' as kind from outbox_messages where envelope->>'type' = $1 and message_key = $2`, [AwardMonitoringReturnReminded.type, award.id]);
    expect(kinds).toEqual([{ kind: 'due-soon' }]);
  });
});
