import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, CaseAllocationBlocked, CaseAssessmentOverdue, CaseReconsidered, FundPublished } from '@mutuals/contracts';
import { RunningService, SmtpTestServer, startTestService, testUser, TestUser, waitFor } from '@mutuals/testing';
import { OfficerAlertsService } from '../src/alerts/officer-alerts.service';
import { awardsService } from '../src/service';
import { notificationsService } from '../../notifications/src/service';
import { addContact, deliveriesTo, removeAllContacts } from '../../notifications/test/support/service';
import { AwardsApi, freshOrgId, produce } from './awards-fixtures';

jest.setTimeout(300_000);

const sectorOf = () => `sector-${randomUUID().slice(0, 8)}`;

/**
 * Reconsideration and officers' alerts, on the real broker and databases: awards decides and
 * publishes, notifications emails the applicant and the officers on its contact list.
 */
describe('reconsideration of decisions, re-issued offers, and officers told', () => {
  const smtp = new SmtpTestServer();
  let awards: RunningService<any>;
  let notifications: RunningService<any>;
  let db: DataSource;
  let api: AwardsApi;
  const officerEmail = `officers-${randomUUID().slice(0, 8)}@example.org`;
  /** Completed passes of the overdue-assessment scan. */
  let scans = 0;

  beforeAll(async () => {
    await smtp.start();
    awards = await startTestService(awardsService, { OFFER_EXPIRY_POLL_MS: 200, OFFICER_ALERTS_POLL_MS: 200 });
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    db = awards.app.get(DataSource);
    api = new AwardsApi(awards.url, db);
    const alerts = awards.app.get(OfficerAlertsService);
    const announce = alerts.announceOverdue.bind(alerts);
    alerts.announceOverdue = async (...args) => {
      const n = await announce(...args);
      scans += 1;
      return n;
    };
    await removeAllContacts(notifications);
    await addContact(notifications, 'officer', officerEmail, 'Programme officers');
  });
  afterAll(async () => {
    await notifications?.close();
    await awards?.close();
    await smtp.stop();
  });

  const http = () => request(awards.url);

  /** The emails notifications recorded for one recipient about one application, by template. */
  async function emailed(recipient: string, subjectId: string, template: string, count = 1) {
    return waitFor(
      async () => {
        const rows = (await deliveriesTo(notifications, recipient)).filter((d) => d.subject_id === subjectId && d.template_id === template);
        return rows.length >= count && rows;
      },
      { what: `${count} ${template} email(s) to ${recipient}`, timeoutMs: 60000 },
    );
  }

  async function fund(budgetPence: number, assessment = FundPublished.example.assessment) {
    const fundId = randomUUID();
    await produce(FundPublished, fundId, { ...FundPublished.example, fundId, name: `Fund ${fundId.slice(0, 6)}`, budgetPence, assessment, revision: 1 });
    await waitFor(async () => (await db.query('select 1 from programmes where id = $1 and revision >= 1', [fundId])).length === 1, { what: 'the fund in awards', timeoutMs: 60000 });
    return fundId;
  }

  /** A submitted application from its own applicant, its case opened in awards. */
  async function application(fundId: string, sector: string, amountRequestedPence = 2_000_000) {
    const applicant = testUser('applicant');
    const applicationId = randomUUID();
    const contact = { name: 'Alex Morgan', email: `applicant-${applicationId.slice(0, 8)}@example.org` };
    await produce(ApplicationSubmitted, applicationId, {
      ...ApplicationSubmitted.example,
      applicationId,
      reference: `MSF-${applicationId.slice(0, 8)}`,
      fundId,
      sector,
      applicantId: applicant.id,
      contact,
      amountRequestedPence,
    });
    return { applicant, applicationId, contact };
  }

  /** An application assessed by two of the team and rejected by `decider`. */
  async function rejected(decider: TestUser) {
    const fundId = await fund(50_000_000);
    const sector = sectorOf();
    const team = await api.team(fundId, sector, 3);
    const app = await application(fundId, sector);
    const c = await api.caseFor(app.applicationId, 'in-assessment');
    await api.assess(team, c.id, [2, 2, 2]);
    await http().post(`/cases/${c.id}/decision`).set(decider.auth).send({ outcome: 'rejected', reason: 'Below the funding line' }).expect(200);
    return { ...app, caseId: c.id, team };
  }

  it('a rejected applicant asks; the deciding officer cannot review; a different officer overturns; the case is back in assessment with its scores; the applicant is told', async () => {
    const decider = api.officer;
    const reviewer = api.secondOfficer;
    const { applicant, applicationId, contact, caseId, team } = await rejected(decider);
    const firstScores = await api.allocated(caseId);

    const window = await http().get(`/reconsideration-windows/${caseId}`).set(applicant.auth).expect(200);
    expect(window.body).toMatchObject({ caseId, open: true, reason: null });
    await http().get(`/reconsideration-windows/${caseId}`).set(testUser('applicant').auth).expect(404);

    const documentId = randomUUID();
    const asked = await http()
      .post('/reconsiderations')
      .set(applicant.auth)
      .send({ caseId, grounds: 'The assessors did not see the letter of support from the parent body.', documentIds: [documentId] })
      .expect(201);
    expect(asked.body).toMatchObject({ caseId, status: 'requested', decisionOutcome: 'rejected', decisionReason: 'Below the funding line', decidedBy: decider.id, documentIds: [documentId] });
    const again = await http().post('/reconsiderations').set(applicant.auth).send({ caseId, grounds: 'Again' }).expect(409);
    expect(again.body.message).toBe('A reconsideration of this decision has already been asked for and is waiting for review');
    await http().post('/reconsiderations').set(testUser('applicant').auth).send({ caseId, grounds: 'Not mine' }).expect(404);
    await http().post('/reconsiderations').set(applicant.auth).send({ caseId, grounds: '' }).expect(400);

    await emailed(contact.email, applicationId, 'reconsideration-received');
    await emailed(officerEmail, applicationId, 'reconsideration-waiting');
    await waitFor(() => smtp.to(officerEmail).some((m) => m.subject === `A reconsideration of MSF-${applicationId.slice(0, 8)} is waiting for review`), { what: 'the officers’ email' });
    const dashboard = await http().get('/officer-alerts').set(reviewer.auth).expect(200);
    expect(dashboard.body.waitingReconsiderations.map((r: { id: string }) => r.id)).toContain(asked.body.id);

    const asDecider = await http().get(`/reconsiderations/${asked.body.id}`).set(decider.auth).expect(200);
    expect(asDecider.body.cannotReviewBecause).toBe('You cannot review this reconsideration: you made the decision being reconsidered');
    const refused = await http().post(`/reconsiderations/${asked.body.id}/review`).set(decider.auth).send({ outcome: 'overturned', reason: 'I think I was wrong' }).expect(403);
    expect(refused.body.message).toBe('You cannot review this reconsideration: you made the decision being reconsidered. A programme officer who took no part in the decision must review it');
    expect((await http().get(`/reconsiderations/${asked.body.id}`).set(reviewer.auth).expect(200)).body.cannotReviewBecause).toBeNull();

    const overturned = await http()
      .post(`/reconsiderations/${asked.body.id}/review`)
      .set(reviewer.auth)
      .send({ outcome: 'overturned', reason: 'The letter of support answers the panel’s concern.' })
      .expect(200);
    expect(overturned.body).toMatchObject({ status: 'overturned', reopenedAt: 'in-assessment', reviewedBy: reviewer.id });
    await http().post(`/reconsiderations/${asked.body.id}/review`).set(reviewer.auth).send({ outcome: 'upheld', reason: 'Twice' }).expect(409);

    const detail = await http().get(`/cases/${caseId}`).set(reviewer.auth).expect(200);
    expect(detail.body.status).toBe('in-assessment');
    expect(detail.body.decision).toBeNull();
    // The two scores stand; the third member of the panel, who had not seen the case, now scores it too.
    expect(detail.body.assessments).toHaveLength(2);
    const now = await api.allocated(caseId);
    expect(now).toHaveLength(3);
    expect(now).toEqual(expect.arrayContaining(firstScores));
    const third = team.find((a) => !firstScores.includes(a.id))!;
    await api.score(third, caseId, [5, 5, 5]);
    expect((await http().get(`/cases/${caseId}`).set(reviewer.auth).expect(200)).body.status).toMatch(/assessed|moderation/);

    await emailed(contact.email, applicationId, 'reconsideration-overturned');
    const mail = await waitFor(() => smtp.to(contact.email).find((m) => m.subject === `The decision on MSF-${applicationId.slice(0, 8)} has been overturned`), { what: 'the applicant’s email' });
    expect(mail.body).toContain('Your case is back in assessment');
    const history = await http().get(`/cases/${caseId}/history`).set(reviewer.auth).expect(200);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['decided-rejected', 'reconsideration-requested', 'reconsideration-overturned', 'assessors-allocated']),
    );
  });

  it('upheld: the rejection stands, the applicant is told, and the same decision cannot be asked about again', async () => {
    const { applicant, applicationId, contact, caseId } = await rejected(api.officer);
    const asked = await http().post('/reconsiderations').set(applicant.auth).send({ caseId, grounds: 'Our costs were misread.' }).expect(201);
    await http().post(`/reconsiderations/${asked.body.id}/review`).set(api.secondOfficer.auth).send({ outcome: 'upheld', reason: 'The costs were read correctly.' }).expect(200);
    expect((await http().get(`/cases/${caseId}`).set(api.officer.auth).expect(200)).body.status).toBe('rejected');
    await emailed(contact.email, applicationId, 'reconsideration-upheld');
    const mail = await waitFor(() => smtp.to(contact.email).find((m) => m.subject.includes('stands')), { what: 'the applicant’s email' });
    expect(mail.body).toContain('The costs were read correctly.');
    const again = await http().post('/reconsiderations').set(applicant.auth).send({ caseId, grounds: 'Please look again' }).expect(409);
    expect(again.body.message).toBe('This decision has already been reconsidered (upheld)');
    expect(await api.outboxCount(CaseReconsidered.type, caseId)).toBe(1);
  });

  it('after the window a request is refused with the deadline', async () => {
    const { applicant, caseId } = await rejected(api.officer);
    // The decision was made 29 days ago (the window is 28).
    const decidedAt = new Date(Date.now() - 29 * 86_400_000).toISOString();
    await db.query(`update cases set decision = jsonb_set(decision, '{decidedAt}', to_jsonb($2::text)) where id = $1`, [caseId, decidedAt]);
    const late = await http().post('/reconsiderations').set(applicant.auth).send({ caseId, grounds: 'Late' }).expect(422);
    expect(late.body.code).toBe('reconsideration-window-closed');
    expect(late.body.message).toMatch(/^A reconsideration had to be asked for within 28 days of the decision, by \d{1,2} \w+ \d{4} at \d{2}:\d{2} \(UK time\); that deadline has passed$/);
    expect((await http().get(`/reconsideration-windows/${caseId}`).set(applicant.auth).expect(200)).body).toMatchObject({ open: false, reason: 'The time to ask has passed' });
  });

  it('a lapsed offer is re-issued with its budget committed again, refused while the budget has no room, and the applicant is told', async () => {
    const fundId = await fund(10_000_000);
    const sector = sectorOf();
    const team = await api.team(fundId, sector, 2);
    const { applicant, applicationId, contact } = await application(fundId, sector, 2_000_000);
    const c = await api.caseFor(applicationId, 'in-assessment');
    await api.assess(team, c.id);
    await http().post(`/cases/${c.id}/decision`).set(api.officer.auth).send({ outcome: 'approved', amountPence: 2_000_000, reason: 'Fits' }).expect(200);
    await http().post(`/cases/${c.id}/due-diligence`).set(api.officer.auth).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
    const award = (await http().post(`/cases/${c.id}/offer`).set(api.officer.auth).send({ conditions: ['Report after six months'], expiresAt: new Date(Date.now() + 1500).toISOString() }).expect(201)).body;
    await waitFor(async () => (await http().get(`/awards/${award.id}`).set(api.officer.auth)).body.status === 'lapsed', { what: 'the offer to lapse' });
    const committed = async () => Number((await db.query('select committed_pence from programmes where id = $1', [fundId]))[0].committed_pence);
    expect(await committed()).toBe(0);

    const expiresAt = new Date(Date.now() + 14 * 86_400_000).toISOString();
    await http().post(`/awards/${award.id}/reissue`).set(applicant.auth).send({ expiresAt }).expect(403);
    await http().post(`/awards/${award.id}/reissue`).set(api.officer.auth).send({ expiresAt: new Date(Date.now() - 1000).toISOString() }).expect(422);
    // The fund's budget lowered to £15,000 meanwhile: the £20,000 offer no longer fits.
    await produce(FundPublished, fundId, { ...FundPublished.example, fundId, budgetPence: 1_500_000, revision: 2 });
    await waitFor(async () => Number((await db.query('select budget_pence from programmes where id = $1', [fundId]))[0].budget_pence) === 1_500_000, { what: 'the lower budget' });
    const full = await http().post(`/awards/${award.id}/reissue`).set(api.officer.auth).send({ expiresAt }).expect(409);
    expect(full.body.message).toBe('Re-issuing this offer would commit £20,000.00 again, but only £15,000.00 of the budget remains');
    expect((await http().get(`/awards/${award.id}`).set(api.officer.auth)).body.status).toBe('lapsed');

    await produce(FundPublished, fundId, { ...FundPublished.example, fundId, budgetPence: 10_000_000, revision: 3 });
    await waitFor(async () => Number((await db.query('select budget_pence from programmes where id = $1', [fundId]))[0].budget_pence) === 10_000_000, { what: 'the budget raised again' });
    const reissued = await http().post(`/awards/${award.id}/reissue`).set(api.officer.auth).send({ expiresAt }).expect(200);
    expect(reissued.body).toMatchObject({ status: 'offered', expiresAt });
    expect(await committed()).toBe(2_000_000);
    await http().post(`/awards/${award.id}/reissue`).set(api.officer.auth).send({ expiresAt }).expect(409);
    await emailed(contact.email, applicationId, 'offer-reissued');
    await http().post(`/awards/${award.id}/accept`).set(applicant.auth).expect(200);
  });

  describe('officers told', () => {
    /** Waits for two more passes of the overdue scan. */
    async function twoMoreScans() {
      const target = scans + 2;
      await waitFor(() => scans >= target, { what: 'two more passes of the overdue scan' });
    }

    it('an overdue assessment: one email to officers, however often the scan runs, and it is on the dashboard', async () => {
      const fundId = await fund(50_000_000);
      const sector = sectorOf();
      await api.team(fundId, sector, 2);
      const { applicationId } = await application(fundId, sector);
      const c = await api.caseFor(applicationId, 'in-assessment');
      const [late] = await api.allocated(c.id);
      // Its due date (allocation + ASSESSMENT_DAYS) has come and gone.
      await db.query(`update allocations set due_at = now() - interval '1 hour' where case_id = $1 and assessor_id = $2`, [c.id, late]);
      const [email] = await emailed(officerEmail, applicationId, 'assessment-overdue-officers');
      expect(email.status).toMatch(/created|sending|sent|delivered/);
      await waitFor(() => smtp.to(officerEmail).some((m) => new RegExp(`^The assessment of MSF-${applicationId.slice(0, 8)} by Assessor \\d is overdue$`).test(m.subject)), { what: 'the overdue email' });
      await twoMoreScans();
      expect(await api.outboxCount(CaseAssessmentOverdue.type, c.id)).toBe(1);
      expect((await deliveriesTo(notifications, officerEmail)).filter((d) => d.subject_id === applicationId && d.template_id === 'assessment-overdue-officers')).toHaveLength(1);
      const dashboard = await http().get('/officer-alerts').set(api.officer.auth).expect(200);
      expect(dashboard.body.overdueAssessmentsTotal).toBeGreaterThanOrEqual(1);
    });

    it('a blocked allocation: one email to officers, however often allocation is retried, and it is on the dashboard', async () => {
      const fundId = await fund(50_000_000, { ...FundPublished.example.assessment, assessorsPerCase: 1000 });
      const { applicationId } = await application(fundId, sectorOf());
      const c = await api.caseFor(applicationId, 'awaiting-allocation');
      await emailed(officerEmail, applicationId, 'allocation-blocked');
      await http().post(`/cases/${c.id}/allocate`).set(api.officer.auth).expect(200);
      await http().post(`/cases/${c.id}/allocate`).set(api.officer.auth).expect(200);
      expect(await api.outboxCount(CaseAllocationBlocked.type, c.id)).toBe(1);
      const dashboard = await http().get('/officer-alerts').set(api.officer.auth).expect(200);
      expect(dashboard.body.blockedAllocationsTotal).toBeGreaterThanOrEqual(1);
      await twoMoreScans();
      expect((await deliveriesTo(notifications, officerEmail)).filter((d) => d.subject_id === applicationId && d.template_id === 'allocation-blocked')).toHaveLength(1);
    });

    it('a waiting reconsideration: one email to officers', async () => {
      const { applicant, applicationId, caseId } = await rejected(api.officer);
      await http().post('/reconsiderations').set(applicant.auth).send({ caseId, grounds: 'Please reconsider.' }).expect(201);
      await http().post('/reconsiderations').set(applicant.auth).send({ caseId, grounds: 'Please reconsider.' }).expect(409);
      await emailed(officerEmail, applicationId, 'reconsideration-waiting');
      await twoMoreScans();
      expect((await deliveriesTo(notifications, officerEmail)).filter((d) => d.subject_id === applicationId && d.template_id === 'reconsideration-waiting')).toHaveLength(1);
    });
  });
});
