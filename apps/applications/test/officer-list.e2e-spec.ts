import request from 'supertest';
import { RunningService, sleep, startTestService } from '@mutuals/testing';
import { applicationsService } from '../src/service';
import { COMPLETE_APPLICATION, createFund, draft, officer, registeredApplicant, submitted } from './fixtures';

/** Officers find applications across the programme and take them away as CSV. */
describe('the officer list: filters, sorting, pagination and CSV export', () => {
  let service: RunningService<any>;
  let fund: { id: string; name: string };
  const refs: Record<string, string> = {};
  let betweenSubmissions: string;

  const list = async (query: Record<string, string | number>) =>
    (await request(service.url).get('/applications').query({ fundId: fund.id, ...query }).set(officer.auth).expect(200)).body;
  const references = (page: { items: { reference: string }[] }) => page.items.map((a) => a.reference);

  beforeAll(async () => {
    service = await startTestService(applicationsService);
    fund = await createFund(service);
    const youth = await registeredApplicant(service, { name: 'Blackpool youth service', sector: 'youth', region: 'north-west', spinOutStage: 'exploring' });
    const arts = await registeredApplicant(service, { name: 'Hazlitt Arts Centre, "the Hazlitt"', sector: 'culture', region: 'south-east', spinOutStage: 'options-appraisal' });
    const schools = await registeredApplicant(service, { name: '=3BM+1', sector: 'school-support', region: 'south-west', spinOutStage: 'business-case' });

    refs.youth = (await submitted(service, youth.user, fund.id, { ...COMPLETE_APPLICATION, amountRequestedPence: 1_000_000 })).reference;
    refs.arts = (await submitted(service, arts.user, fund.id, { ...COMPLETE_APPLICATION, amountRequestedPence: 1_892_700, title: 'Options appraisal,\nwith "legal" advice' })).reference;
    await sleep(20);
    betweenSubmissions = new Date().toISOString();
    await sleep(20);
    refs.schools = (await submitted(service, schools.user, fund.id, { ...COMPLETE_APPLICATION, amountRequestedPence: 2_500_000 })).reference;
    refs.draft = (await draft(service, youth.user, fund.id, { title: 'Second thoughts', amountRequestedPence: 500_000 })).reference;
  });
  afterAll(() => service?.close());

  it('every application of a fund, newest first by default, with the total', async () => {
    const page = await list({});
    expect(references(page)).toEqual([refs.draft, refs.schools, refs.arts, refs.youth]);
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 25 });
  });

  it.each([
    ['status', { status: 'draft' }, ['draft']],
    ['several statuses', { status: 'submitted,withdrawn', sort: 'submittedAt' }, ['youth', 'arts', 'schools']],
    ['sector', { sector: 'culture' }, ['arts']],
    ['region', { region: 'north-west', sort: 'createdAt' }, ['youth', 'draft']],
    ['spin-out stage', { spinOutStage: 'business-case' }, ['schools']],
    ['amount range', { minAmountPence: 1_000_000, maxAmountPence: 2_000_000, sort: 'amountRequestedPence' }, ['youth', 'arts']],
    ['largest amount first', { sort: '-amountRequestedPence' }, ['schools', 'arts', 'youth', 'draft']],
  ])('filtered by %s', async (_, query, expected) => {
    const page = await list(query as Record<string, string | number>);
    expect(references(page)).toEqual(expected.map((k) => refs[k]));
    expect(page.total).toBe(expected.length);
  });

  it('filtered by when they were submitted', async () => {
    expect(references(await list({ submittedFrom: betweenSubmissions }))).toEqual([refs.schools]);
    expect(references(await list({ submittedTo: betweenSubmissions, sort: 'submittedAt' }))).toEqual([refs.youth, refs.arts]);
  });

  it('page by page, with the same total on every page', async () => {
    const first = await list({ pageSize: 3, sort: 'reference' });
    const second = await list({ pageSize: 3, page: 2, sort: 'reference' });
    expect(first.total).toBe(4);
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect([...references(first), ...references(second)]).toEqual([refs.youth, refs.arts, refs.schools, refs.draft]);
  });

  it('an impossible amount range is refused', async () => {
    const res = await request(service.url).get('/applications').query({ minAmountPence: 5, maxAmountPence: 4 }).set(officer.auth).expect(422);
    expect(res.body.code).toBe('invalid-amount-range');
  });

  it('exports the filtered list as CSV, quoted so every cell reads back as written', async () => {
    const res = await request(service.url).get('/applications/export').query({ fundId: fund.id, status: 'submitted', sort: 'submittedAt' }).set(officer.auth).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="applications.csv"');
    const lines = res.text.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Reference,Status,Fund,Organisation,Parent body,Sector,Region,Spin-out stage,Title,Support types,Amount requested (£),Match funding (£),Awarded (£),Submitted at (UTC),Created at (UTC)',
    );
    expect(lines.at(-1)).toBe('');
    // Rows end in CRLF; the line break inside a title is the applicant's own LF, inside quotes.
    expect(lines).toHaveLength(5);
    const [youth, arts, schools] = lines.slice(1, 4);
    expect(youth).toMatch(new RegExp(`^${refs.youth},submitted,${fund.name},Blackpool youth service,Blackpool Council,youth,north-west,exploring,Legal and pensions advice to spin out the youth service,legal; hr-and-pensions,10000.00,,,\\d{4}-`));
    // A comma, quotes and a line break inside cells are quoted; nothing else moves.
    expect(arts).toContain(`,"Hazlitt Arts Centre, ""the Hazlitt""",Blackpool Council,culture,south-east,options-appraisal,"Options appraisal,\nwith ""legal"" advice",legal; hr-and-pensions,18927.00,`);
    // A name a spreadsheet would run as a formula is written as text.
    expect(schools).toContain(`,'=3BM+1,Blackpool Council,school-support,`);
  });

  it('exports only a header when nothing matches, and is for officers only', async () => {
    const res = await request(service.url).get('/applications/export').query({ fundId: fund.id, status: 'accepted' }).set(officer.auth).expect(200);
    expect(res.text.replace(/^\ufeff/, '').split('\r\n')).toHaveLength(2);
    const { user } = await registeredApplicant(service);
    await request(service.url).get('/applications/export').set(user.auth).expect(403);
  });

  it('applicants get the same list, limited to their organisation', async () => {
    const { user } = await registeredApplicant(service);
    const mine = await submitted(service, user, fund.id);
    const page = (await request(service.url).get('/applications').query({ fundId: fund.id }).set(user.auth).expect(200)).body;
    expect(references(page)).toEqual([mine.reference]);
  });
});
