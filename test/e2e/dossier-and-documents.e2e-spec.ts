import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { minimalDocx, minimalPdf, windowsProgram } from '@mutuals/documents';
import { CaseEvidenceAttached, CaseEvidenceRemoved } from '@mutuals/contracts';
import { readTopic, RunningService, startTestService, testToken, testUser, TestUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { COMPLETE_APPLICATION, createFund, draft, QUESTIONS, registeredApplicant } from '../../apps/applications/test/fixtures';
import { awardsService } from '../../apps/awards/src/service';
import { bidContent, council, openRound, startIntake } from '../../apps/intake/test/support';

jest.setTimeout(300_000);

const MB = 1024 * 1024;
/** Reads any response as bytes (supertest only does so for the types it knows). */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (d: Buffer) => parts.push(d)).on('end', () => done(null, Buffer.concat(parts)));
};
/** A real PDF padded to the given size (a comment after %%EOF, as some writers leave). */
const pdfOf = (bytes: number) => {
  const pdf = minimalPdf();
  return Buffer.concat([pdf, Buffer.alloc(bytes - pdf.length, 0x20)]);
};

/**
 * Attachments on real PostgreSQL, and the assessor's dossier across applications and awards on real
 * Kafka: what is refused is never stored; what is submitted reaches the assessors allocated to the
 * case, and only them, and stops reaching one the moment they are released.
 */
describe('documents and the assessor’s dossier', () => {
  let applications: RunningService<any>;
  let awards: RunningService<any>;
  let intake: RunningService<any>;
  const officer = testUser('programme_officer');

  beforeAll(async () => {
    awards = await startTestService(awardsService);
    applications = await startTestService(applicationsService);
    intake = await startIntake();
  });
  afterAll(async () => {
    await intake?.close();
    await applications?.close();
    await awards?.close();
  });

  const api = () => request(applications.url);
  const stored = async (applicationId: string) => {
    const [{ rows, blobs }] = await applications.app.get(DataSource).query(
      `select (select count(*)::int from application_documents where application_id = $1) as rows, (select count(*)::int from document_blobs) as blobs`,
      [applicationId],
    );
    return { rows, blobs };
  };
  const upload = (user: TestUser, applicationId: string, bytes: Buffer, name: string) =>
    api().post(`/applications/${applicationId}/documents`).set(user.auth).attach('file', bytes, name);

  async function draftApplication() {
    const fund = await createFund(applications);
    const { user } = await registeredApplicant(applications);
    return { fund, user, application: await draft(applications, user, fund.id) };
  }

  it('refuses a program renamed .pdf, saying what it is, and stores nothing', async () => {
    const { user, application } = await draftApplication();
    const before = await stored(application.id);
    const res = await upload(user, application.id, windowsProgram(), 'business-plan.pdf').expect(422);
    expect(res.body).toMatchObject({ code: 'document-type-refused', message: 'The file is a Windows program, not a document; programs and scripts cannot be uploaded' });
    expect(await stored(application.id)).toEqual(before);
  });

  it('refuses an 11 MB file with a 413 that gives the limit, and stores nothing', async () => {
    const { user, application } = await draftApplication();
    const before = await stored(application.id);
    const res = await upload(user, application.id, pdfOf(11 * MB), 'plan.pdf').expect(413);
    expect(res.body.message).toBe('The file is larger than 10 MB; upload a file of 10 MB or less');
    expect(await stored(application.id)).toEqual(before);
  });

  it('refuses a file that would take the application past 50 MB in all', async () => {
    const { user, application } = await draftApplication();
    for (let i = 0; i < 5; i++) await upload(user, application.id, pdfOf(9.9 * MB), `part ${i}.pdf`).expect(201);
    const before = await stored(application.id);
    const res = await upload(user, application.id, pdfOf(1 * MB), 'one more.pdf').expect(422);
    expect(res.body).toMatchObject({ code: 'documents-total-too-large', message: expect.stringMatching(/^The documents would add up to more than 50 MB; 0\.5 MB is left$/) });
    expect(await stored(application.id)).toEqual(before);
    const list = await api().get(`/applications/${application.id}/documents`).set(user.auth).expect(200);
    expect(list.body).toMatchObject({ totalBytes: Math.floor(9.9 * MB) * 5, maxBytes: 10 * MB, maxTotalBytes: 50 * MB });
  });

  it('judges the type from the bytes, names the file safely, and removes it on request while a draft', async () => {
    const { user, application } = await draftApplication();
    const doc = await upload(user, application.id, minimalDocx(), '../../Options appraisal.pdf').expect(201);
    expect(doc.body).toMatchObject({ name: 'Options appraisal.docx', type: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    await api().delete(`/applications/${application.id}/documents/${doc.body.id}`).set(user.auth).expect(204);
    expect(await stored(application.id)).toMatchObject({ rows: 0 });
    await api().get(`/applications/${application.id}/documents/${doc.body.id}/content`).set(user.auth).expect(404);
  });

  it('takes only the types its fund accepts', async () => {
    const fund = await createFund(applications, { allowedDocumentTypes: ['pdf'] });
    expect(fund.allowedDocumentTypes).toEqual(['pdf']);
    const { user } = await registeredApplicant(applications);
    const application = await draft(applications, user, fund.id);
    const res = await upload(user, application.id, minimalDocx(), 'plan.docx').expect(422);
    expect(res.body).toMatchObject({ code: 'document-type-not-allowed', message: 'The file is a DOCX file; only PDF files are accepted' });
    await upload(user, application.id, minimalPdf(), 'plan.pdf').expect(201);
    await request(applications.url).post('/funds').set(officer.auth).send({ ...fund, id: undefined, version: undefined, updatedAt: undefined, name: `Other ${randomUUID()}`, allowedDocumentTypes: ['exe'] }).expect(400);
  });

  it('carries the application to its assessors, who alone can read it, until they are released', async () => {
    const fund = await createFund(applications);
    const { user, organisation } = await registeredApplicant(applications, { name: `Staff group ${randomUUID().slice(0, 6)}` });
    const panel = [0, 1, 2].map((i) => testUser('assessor', { name: `Dossier assessor ${i}` }));
    for (const [i, a] of panel.entries()) {
      const conflicts = i === 2 ? [{ kind: 'organisation', value: organisation.name }] : [];
      await request(awards.url).put(`/assessors/${a.id}`).set(officer.auth).send({ name: a.name, email: a.email, sectors: ['youth'], programmeIds: [fund.id], capacity: 5, conflicts }).expect(200);
    }
    const [first, second, conflicted] = panel;

    const application = await draft(applications, user, fund.id, { ...COMPLETE_APPLICATION, matchFundingPence: 150_000 });
    const plan = await upload(user, application.id, pdfOf(40_000), 'Business plan.pdf').expect(201);
    const current = await api().get(`/applications/${application.id}`).set(user.auth).expect(200);
    await api().post(`/applications/${application.id}/submit`).set(user.auth).send({ version: current.body.version }).expect(200);
    await upload(user, application.id, minimalPdf(), 'late.pdf').expect(409);

    const caseId = await waitFor(
      async () => (await awards.app.get(DataSource).query(`select id from cases where source_id = $1`, [application.id]))[0]?.id as string | undefined,
      { what: 'the case in awards', timeoutMs: 120000, intervalMs: 300 },
    );
    const dossier = await request(awards.url).get(`/assessor/cases/${caseId}/dossier`).set(first.auth).expect(200);
    expect(dossier.body.answers).toEqual(QUESTIONS.map((q) => ({ questionId: q.id, question: q.text, answer: COMPLETE_APPLICATION.answers.find((a) => a.questionId === q.id)?.text ?? '' })));
    expect(dossier.body).toMatchObject({
      source: 'application',
      sourceId: application.id,
      matchFundingPence: 150_000,
      organisationProfile: { type: 'staff-group', staffCount: 48, servicesInScope: ['Youth clubs', 'Detached youth work'], spinOutStage: 'exploring', employeeSharePercent: 100 },
      eligibility: { outcome: 'eligible' },
      documents: [{ documentId: plan.body.id, name: 'Business plan.pdf', contentType: 'application/pdf', sizeBytes: 40_000, sha256: plan.body.sha256 }],
    });
    await request(awards.url).get(`/assessor/cases/${caseId}/dossier`).set(second.auth).expect(200);
    await request(awards.url).get(`/assessor/cases/${caseId}/dossier`).set(conflicted.auth).expect(404);

    // What the portal does once awards has said yes: a token for this one document.
    const content = `/applications/${application.id}/documents/${plan.body.id}/content`;
    const grant = (a: TestUser, documentId: string) => ({ Authorization: `Bearer ${testToken({ ...a, documentId }, 'applications')}` });
    const download = await api().get(content).set(grant(first, plan.body.id)).buffer(true).expect(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Business plan.pdf"; filename*=UTF-8''Business%20plan.pdf`);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.body).toEqual(pdfOf(40_000));
    await api().get(content).set(first.auth).expect(404);
    await api().get(content).set(grant(first, randomUUID())).expect(404);
    await api().get(content).set(user.auth).expect(200);
    await api().get(content).set(testUser('applicant', { organisationId: randomUUID() }).auth).expect(404);

    // Declaring a conflict releases the assessor: the dossier is gone on the next request.
    await request(awards.url).post(`/assessor/cases/${caseId}/conflict`).set(first.auth).send({ reason: 'I advised this staff group last year' }).expect((r) => expect(r.status).toBeLessThan(300));
    await request(awards.url).get(`/assessor/cases/${caseId}/dossier`).set(first.auth).expect(404);
    await request(awards.url).get(`/cases/${caseId}/dossier`).set(officer.auth).expect(200);

    // Officers' due-diligence evidence stays with the case, for officers alone.
    const evidence = await request(awards.url).post(`/cases/${caseId}/documents`).set(officer.auth).attach('file', minimalDocx(), 'Subsidy declaration.docx').expect(201);
    const fetched = await request(awards.url).get(`/cases/${caseId}/documents/${evidence.body.id}/content`).set(officer.auth).buffer(true).parse(binary).expect(200);
    expect(fetched.headers['content-disposition']).toMatch(/^attachment; filename="Subsidy declaration.docx"/);
    expect(createHash('sha256').update(fetched.body).digest('hex')).toBe(evidence.body.sha256);
    await request(awards.url).get(`/cases/${caseId}/documents/${evidence.body.id}/content`).set(second.auth).expect(404);
    await request(awards.url).get(`/cases/${caseId}/documents`).set(second.auth).expect(403);
    const history = await request(awards.url).get(`/cases/${caseId}/history`).set(officer.auth).expect(200);
    expect(JSON.stringify(history.body)).toContain('evidence-added');

    // Attaching and removing evidence are published on the case's stream: the document's id, type, size and hash, never its bytes.
    await request(awards.url).delete(`/cases/${caseId}/documents/${evidence.body.id}`).set(officer.auth).expect((r) => expect(r.status).toBeLessThan(300));
    const published = await waitFor(
      async () => {
        const onStream = (await readTopic(CaseEvidenceAttached.topic, 30_000)).map((m) => JSON.parse(m.value ?? '{}')).filter((e) => e.data?.caseId === caseId);
        const attached = onStream.find((e) => e.type === CaseEvidenceAttached.type);
        const removed = onStream.find((e) => e.type === CaseEvidenceRemoved.type);
        return attached && removed ? { attached, removed } : undefined;
      },
      { what: 'the evidence events on the case stream', timeoutMs: 60_000, intervalMs: 500 },
    );
    const document = { documentId: evidence.body.id, name: 'Subsidy declaration.docx', type: 'docx', contentType: evidence.body.contentType, sizeBytes: evidence.body.sizeBytes, sha256: evidence.body.sha256 };
    expect(published.attached.data).toMatchObject({ caseId, document, attachedBy: officer.id });
    expect(published.removed.data).toMatchObject({ caseId, document, removedBy: officer.id });
    expect(Object.keys(published.attached.data.document).sort()).toEqual(['contentType', 'documentId', 'name', 'sha256', 'sizeBytes', 'type']);
  });

  it("carries a council's bid, its screening and its attachments to the assessors", async () => {
    const roundId = await openRound(intake.url);
    const round = await request(intake.url).get(`/rounds/${roundId}`).set(officer.auth).expect(200);
    const lead = council();
    const reader = testUser('assessor', { name: 'Bid reader' });
    await request(awards.url).put(`/assessors/${reader.id}`).set(officer.auth).send({ name: reader.name, email: reader.email, sectors: ['youth'], programmeIds: [round.body.programmeId], capacity: 5 }).expect(200);
    const second = testUser('assessor', { name: 'Second bid reader' });
    await request(awards.url).put(`/assessors/${second.id}`).set(officer.auth).send({ name: second.name, email: second.email, sectors: ['youth'], programmeIds: [round.body.programmeId], capacity: 5 }).expect(200);

    const bid = await request(intake.url).post(`/rounds/${roundId}/bids`).set(lead.auth).send(bidContent(lead.organisationId!)).expect(201);
    const documents = `/bids/${bid.body.id}/documents`;
    const refused = await request(intake.url).post(documents).set(lead.auth).attach('file', windowsProgram(), 'letter.pdf').expect(422);
    expect(refused.body.message).toBe('The file is a Windows program, not a document; programs and scripts cannot be uploaded');
    const letter = await request(intake.url).post(documents).set(lead.auth).attach('file', minimalPdf('Letter of support'), 'Letter of support.pdf').expect(201);
    await request(intake.url).post(documents).set(council().auth).attach('file', minimalPdf(), 'other.pdf').expect(404);
    await request(intake.url).post(`/bids/${bid.body.id}/submit`).set(lead.auth).expect(200);
    await request(intake.url).delete(`${documents}/${letter.body.id}`).set(lead.auth).expect(409);

    const caseId = await waitFor(
      async () => (await awards.app.get(DataSource).query(`select c.id from cases c join allocations x on x.case_id = c.id where c.source_id = $1 and x.assessor_id = $2`, [bid.body.id, reader.id]))[0]?.id as string | undefined,
      { what: 'the bid case allocated in awards', timeoutMs: 120000, intervalMs: 300 },
    );
    const dossier = await request(awards.url).get(`/assessor/cases/${caseId}/dossier`).set(reader.auth).expect(200);
    expect(dossier.body).toMatchObject({
      source: 'bid',
      sourceId: bid.body.id,
      answers: [{ questionId: 'vision', question: 'What will you deliver differently?', answer: 'Our youth service becomes a mutual owned by its staff.' }],
      eligibility: { outcome: 'eligible', checkedBy: 'automatic' },
      documents: [{ documentId: letter.body.id, name: 'Letter of support.pdf', sha256: letter.body.sha256 }],
    });
    const grant = { Authorization: `Bearer ${testToken({ ...reader, documentId: letter.body.id }, 'intake')}` };
    const download = await request(intake.url).get(`${documents}/${letter.body.id}/content`).set(grant).buffer(true).expect(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="Letter of support.pdf"/);
    expect(download.body).toEqual(minimalPdf('Letter of support'));
    await request(intake.url).get(`${documents}/${letter.body.id}/content`).set(reader.auth).expect(404);
  });
});
