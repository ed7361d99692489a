import request from 'supertest';
import { DataSource } from 'typeorm';
import { minimalPdf } from '@mutuals/documents';
import { RunningService, S3TestServer, startS3TestServer, startTestService } from '@mutuals/testing';
import { applicationsService } from '../src/service';
import { createFund, draft, registeredApplicant } from './fixtures';

/** DOCUMENT_STORE=s3: an application's attachments go to the bucket, not the database, and come back from it. */
describe('documents in an S3-compatible store', () => {
  let s3: S3TestServer;
  let service: RunningService<any>;
  const saved = { ...process.env };

  beforeAll(async () => {
    s3 = await startS3TestServer('mutuals-test');
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'mutuals-test', AWS_SECRET_ACCESS_KEY: 'test-secret' });
    service = await startTestService(applicationsService, { DOCUMENT_STORE: 's3', S3_ENDPOINT: s3.url, S3_BUCKET: 'mutuals-documents', S3_REGION: 'eu-west-2' });
  });
  afterAll(async () => {
    await service?.close();
    await s3?.close();
    process.env = saved;
  });

  it('stores the bytes in the bucket under the document id, serves them back, and deletes them on removal', async () => {
    const fund = await createFund(service);
    const { user } = await registeredApplicant(service);
    const application = await draft(service, user, fund.id);
    const pdf = minimalPdf('Options appraisal');
    const added = await request(service.url).post(`/applications/${application.id}/documents`).set(user.auth).attach('file', pdf, 'Options appraisal.pdf').expect(201);

    expect(s3.objects.get(`/mutuals-documents/applications/${added.body.id}`)).toEqual({ bytes: pdf, type: 'application/pdf' });
    // Nothing of it in PostgreSQL (other files of the run share this database and its other documents).
    const [{ blobs }] = await service.app.get(DataSource).query('select count(*)::int as blobs from document_blobs where key like $1', [`%${added.body.id}%`]);
    expect(blobs).toBe(0);
    const back = await request(service.url).get(`/applications/${application.id}/documents/${added.body.id}/content`).set(user.auth).buffer(true).expect(200);
    expect(back.body).toEqual(pdf);

    await request(service.url).delete(`/applications/${application.id}/documents/${added.body.id}`).set(user.auth).expect(204);
    expect(s3.objects.size).toBe(0);
  });
});
