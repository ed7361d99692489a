import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationSubmitted, ApplicationWithdrawn, FundPublished, SupplierInvoicePaid, SupportPackageAwarded, SupportPackageClosed } from '@mutuals/contracts';
import { RunningService, startTestService } from '@mutuals/testing';
import { packageSchemaErrors } from '../src/exports/schema/validate';
import { Grant360 } from '../src/exports/three-sixty-giving';
import { awardsService } from '../src/service';
import { AwardsApi, freshOrgId, produce } from './awards-fixtures';

jest.setTimeout(240_000);

const companyNumber = () => `OC${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

/**
 * Support in kind on the real broker and database: a supplier framework, a package awarded with an
 * approval and committed in the same budget as cash, the supplier's reports and invoices, payment.
 */
describe('support in kind', () => {
  let service: RunningService<any>;
  let db: DataSource;
  let api: AwardsApi;
  const officer = () => api.officer.auth;

  beforeAll(async () => {
    service = await startTestService(awardsService);
    db = service.app.get(DataSource);
    api = new AwardsApi(service.url, db);
  });
  afterAll(() => service?.close());

  /** A fund of the test's own with an assessed application from a mutual whose parent body is Bristol City Council. */
  async function assessedApplication(budgetPence: number) {
    const fundId = randomUUID();
    const sector = `sector-${fundId.slice(0, 8)}`;
    await api.handled(await produce(FundPublished, fundId, { ...FundPublished.example, fundId, name: `Support fund ${fundId.slice(0, 6)}`, budgetPence, revision: 1 }));
    const team = await api.team(fundId, sector, 2);
    const applicationId = randomUUID();
    await produce(ApplicationSubmitted, applicationId, {
      ...ApplicationSubmitted.example,
      applicationId,
      reference: `MSF-${applicationId.slice(0, 8)}`,
      applicantId: `applicant-${applicationId.slice(0, 8)}`,
      fundId,
      sector,
      parentBody: 'Bristol City Council',
    });
    const c = await api.caseFor(applicationId, 'in-assessment');
    await api.assess(team, c.id);
    return { fundId, caseId: c.id, applicationId };
  }

  async function supplier(name: string, conflicts: { kind: string; value: string }[] = [], legalDays = 30) {
    const body = {
      name,
      companyNumber: companyNumber(),
      contactName: 'Jo Bloggs',
      contactEmail: 'jo.bloggs@supplier.example.org',
      lots: [
        { lot: 'legal', dayRatePence: 75_000, capacityDays: legalDays },
        { lot: 'hr-and-pensions', dayRatePence: 60_000, capacityDays: 10 },
      ],
      conflicts,
    };
    return (await request(service.url).post('/suppliers').set(officer()).send(body).expect(201)).body;
  }

  const budgetOf = async (programmeId: string) => {
    const [p] = await db.query('select committed_pence, paid_pence from programmes where id = $1', [programmeId]);
    return { committed: Number(p.committed_pence), paid: Number(p.paid_pence) };
  };

  const inKind = (supplierId: string, lots: { lot: string; days: number }[]) => ({ supplierId, lots, startOn: '2026-07-01', endOn: '2026-12-31' });

  it('an approval awards cash and support in kind together; the supplier reports and invoices; the officer pays; never beyond the package', async () => {
    const { fundId, caseId } = await assessedApplication(5_000_000);
    const mv = await supplier(`MV Legal ${randomUUID().slice(0, 6)}`, [{ kind: 'parent-body', value: 'Somerset Council' }]);
    expect(mv.lots.find((l: { lot: string }) => l.lot === 'legal')).toMatchObject({ dayRatePence: 75_000, capacityDays: 30, availableDays: 30 });

    const decided = await request(service.url)
      .post(`/cases/${caseId}/decision`)
      .set(officer())
      .send({ outcome: 'approved', amountPence: 1_000_000, inKind: inKind(mv.id, [{ lot: 'legal', days: 20 }, { lot: 'hr-and-pensions', days: 5 }]), reason: 'Needs legal and pensions help' })
      .expect(200);
    // 20 days x £750 + 5 days x £600 = £18,000 in kind, committed with the £10,000 cash
    expect(decided.body).toMatchObject({ status: 'approved', approvedPence: 1_000_000, decision: { amountPence: 1_000_000, inKindPence: 1_800_000 } });
    expect(await budgetOf(fundId)).toEqual({ committed: 2_800_000, paid: 0 });
    const [pkg] = (await request(service.url).get(`/support-packages?caseId=${caseId}`).set(officer()).expect(200)).body.items;
    expect(pkg).toMatchObject({ supplierName: mv.name, valuePence: 1_800_000, remainingPence: 1_800_000, startOn: '2026-07-01', endOn: '2026-12-31', status: 'active' });
    expect(pkg.lots).toEqual([
      { lot: 'hr-and-pensions', days: 5, dayRatePence: 60_000, valuePence: 300_000, daysDelivered: 0 },
      { lot: 'legal', days: 20, dayRatePence: 75_000, valuePence: 1_500_000, daysDelivered: 0 },
    ]);
    const after = (await request(service.url).get(`/suppliers/${mv.id}`).set(officer()).expect(200)).body;
    expect(after.lots.find((l: { lot: string }) => l.lot === 'legal')).toMatchObject({ committedDays: 20, availableDays: 10 });
    expect(await api.outboxCount(SupportPackageAwarded.type, pkg.id)).toBe(1);
    const ids = async (query: Record<string, string>) => (await request(service.url).get('/support-packages').query(query).set(officer()).expect(200)).body.items.map((p: { id: string }) => p.id);
    expect(await ids({ supplierId: mv.id })).toEqual([pkg.id]);
    expect(await ids({ supplierId: mv.id, programmeId: fundId, status: 'active' })).toEqual([pkg.id]);
    expect(await ids({ supplierId: mv.id, status: 'completed' })).toEqual([]);
    await request(service.url).get('/support-packages?status=lost').set(officer()).expect(400);

    await request(service.url).post(`/support-packages/${pkg.id}/reports`).set(officer()).send({ lot: 'legal', daysDelivered: 5, summary: 'Drafted the society rules' }).expect(200);
    const invoiced = await request(service.url).post(`/support-packages/${pkg.id}/invoices`).set(officer()).send({ supplierReference: 'INV-1', amountPence: 375_000, days: 5 }).expect(200);
    expect(invoiced.body).toMatchObject({ invoicedPence: 375_000, paidPence: 0, remainingPence: 1_425_000 });
    expect(invoiced.body.lots.find((l: { lot: string }) => l.lot === 'legal').daysDelivered).toBe(5);

    const over = await request(service.url).post(`/support-packages/${pkg.id}/invoices`).set(officer()).send({ supplierReference: 'INV-2', amountPence: 1_425_001, days: 20 }).expect(422);
    expect(over.body).toMatchObject({ code: 'invoice-above-package', details: { remainingPence: 1_425_000 } });
    expect(over.body.message).toContain('£14,250.00 left to invoice');

    const invoiceId = invoiced.body.invoices[0].id;
    const paid = await request(service.url).post(`/support-packages/${pkg.id}/invoices/${invoiceId}/pay`).set(officer()).expect(200);
    expect(paid.body).toMatchObject({ paidPence: 375_000, invoices: [{ status: 'paid', paidBy: api.officer.id }] });
    // Paid counts out of what is committed, as for a cash milestone: £3,750 of the £28,000 is now spent.
    expect(await budgetOf(fundId)).toEqual({ committed: 2_800_000, paid: 375_000 });
    const again = await request(service.url).post(`/support-packages/${pkg.id}/invoices/${invoiceId}/pay`).set(officer()).expect(409);
    expect(again.body.code).toBe('invoice-already-paid');
    expect(await api.outboxCount(SupplierInvoicePaid.type, pkg.id)).toBe(1);

    // The rest of the package, exactly, can still be invoiced and paid; then it is complete.
    const last = await request(service.url).post(`/support-packages/${pkg.id}/invoices`).set(officer()).send({ supplierReference: 'INV-3', amountPence: 1_425_000, days: 20 }).expect(200);
    const done = await request(service.url).post(`/support-packages/${pkg.id}/invoices/${last.body.invoices[1].id}/pay`).set(officer()).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', paidPence: 1_800_000, remainingPence: 0 });
    expect(await budgetOf(fundId)).toEqual({ committed: 2_800_000, paid: 1_800_000 });

    // 360Giving: the package is a grant of its value, classed as support in kind, valid against the standard.
    await request(service.url).post(`/cases/${caseId}/due-diligence`).set(officer()).send({ recipientOrgIdentifier: freshOrgId(), subsidyDeclaredPence: 0 }).expect(201);
    const exported = (await request(service.url).get('/exports/360giving.json').set(officer()).expect(200)).body;
    expect(packageSchemaErrors(exported)).toEqual([]);
    const grant = exported.grants.find((g: Grant360) => g.id.endsWith(pkg.id));
    expect(grant).toMatchObject({ amountAwarded: 18_000, amountDisbursed: 18_000, plannedDates: [{ startDate: '2026-07-01', endDate: '2026-12-31', duration: 6 }], classifications: [{ code: 'in-kind', title: 'Support in kind' }] });
    expect(grant.description).toContain(`support in kind for 3BM from the Support fund ${fundId.slice(0, 6)}, delivered by ${mv.name}`);
    const csv = await request(service.url).get('/exports/360giving.csv').set(officer()).expect(200);
    expect(csv.text).toContain(pkg.id);
  });

  it('lists the framework and the packages a page at a time, with the true total', async () => {
    await Promise.all(['Alpha', 'Beta', 'Gamma'].map((n) => supplier(`${n} Advisers ${randomUUID().slice(0, 6)}`)));
    const first = (await request(service.url).get('/suppliers?pageSize=2').set(officer()).expect(200)).body;
    expect(first.items).toHaveLength(2);
    expect(first.total).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(first.total / 2); page += 1) {
      seen.push(...(await request(service.url).get(`/suppliers?pageSize=2&page=${page}`).set(officer()).expect(200)).body.items.map((s: { id: string }) => s.id));
    }
    expect(new Set(seen).size).toBe(first.total);
    await request(service.url).get('/support-packages?pageSize=201').set(officer()).expect(400);
    const packages = (await request(service.url).get('/support-packages?pageSize=1').set(officer()).expect(200)).body;
    expect(packages).toMatchObject({ page: 1, pageSize: 1 });
    expect(packages.items.length).toBe(Math.min(1, packages.total));
  });

  it('refuses a supplier conflicted with the applicant’s parent body, naming it, and days beyond its capacity', async () => {
    const { fundId, caseId } = await assessedApplication(5_000_000);
    const conflicted = await supplier(`Council Advisers ${randomUUID().slice(0, 6)}`, [{ kind: 'parent-body', value: 'Bristol City Council' }]);
    const refused = await request(service.url)
      .post(`/cases/${caseId}/decision`)
      .set(officer())
      .send({ outcome: 'approved', inKind: inKind(conflicted.id, [{ lot: 'legal', days: 5 }]), reason: 'Legal help' })
      .expect(409);
    expect(refused.body.code).toBe('supplier-conflicted');
    expect(refused.body.message).toBe(`${conflicted.name} has declared a conflict of interest with bristol city council (parent-body) and cannot be assigned to this case`);

    const free = await supplier(`Free Advisers ${randomUUID().slice(0, 6)}`);
    const full = await request(service.url)
      .post(`/cases/${caseId}/decision`)
      .set(officer())
      .send({ outcome: 'approved', inKind: inKind(free.id, [{ lot: 'hr-and-pensions', days: 11 }]), reason: 'Pensions help' })
      .expect(409);
    expect(full.body.message).toBe(`${free.name} has 10 days of hr-and-pensions left, not the 11 asked for`);
    expect(await budgetOf(fundId)).toEqual({ committed: 0, paid: 0 });
    expect((await request(service.url).get(`/cases/${caseId}`).set(officer()).expect(200)).body.status).toBe('assessed');

    // In kind only: no cash to offer, the package alone is committed.
    const approved = await request(service.url)
      .post(`/cases/${caseId}/decision`)
      .set(officer())
      .send({ outcome: 'approved', inKind: inKind(free.id, [{ lot: 'hr-and-pensions', days: 10 }]), reason: 'Pensions help' })
      .expect(200);
    expect(approved.body).toMatchObject({ approvedPence: 0, decision: { inKindPence: 600_000 } });
    expect(await budgetOf(fundId)).toEqual({ committed: 600_000, paid: 0 });
  });

  it('refuses an approval whose cash and support in kind together would overspend the budget, naming the amounts', async () => {
    const { fundId, caseId } = await assessedApplication(2_000_000);
    const s = await supplier(`Big Advisers ${randomUUID().slice(0, 6)}`);
    const refused = await request(service.url)
      .post(`/cases/${caseId}/decision`)
      .set(officer())
      .send({ outcome: 'approved', amountPence: 1_000_000, inKind: inKind(s.id, [{ lot: 'legal', days: 14 }]), reason: 'Legal help' })
      .expect(409);
    // £10,000 cash + 14 x £750 = £20,500 against a £20,000 budget
    expect(refused.body.code).toBe('budget-exceeded');
    expect(refused.body.message).toContain('Approving £20,500.00 would overspend');
    expect(refused.body.message).toContain('only £20,000.00 of its £20,000.00 budget remains');
    expect(await budgetOf(fundId)).toEqual({ committed: 0, paid: 0 });
    const [{ n }] = await db.query('select count(*)::int as n from support_packages where case_id = $1', [caseId]);
    expect(n).toBe(0);
  });

  it('support in kind over £100,000 waits for a second officer; a withdrawal flags the package, and closing it returns what was not invoiced', async () => {
    const { fundId, caseId, applicationId } = await assessedApplication(20_000_000);
    const s = await supplier(`Large Advisers ${randomUUID().slice(0, 6)}`, [], 200);
    // 150 days x £750 = £112,500
    const first = await request(service.url).post(`/cases/${caseId}/decision`).set(officer()).send({ outcome: 'approved', inKind: inKind(s.id, [{ lot: 'legal', days: 150 }]), reason: 'Whole legal work' }).expect(200);
    expect(first.body).toMatchObject({ status: 'approval-pending', firstApproval: { amountPence: 0, inKind: { supplierId: s.id } } });
    expect(await budgetOf(fundId)).toEqual({ committed: 0, paid: 0 });
    const second = await request(service.url).post(`/cases/${caseId}/decision/confirm`).set(api.secondOfficer.auth).send({ reason: 'Checked the rates' }).expect(200);
    expect(second.body).toMatchObject({ status: 'approved', decision: { inKindPence: 11_250_000, firstApprover: api.officer.id } });
    expect(await budgetOf(fundId)).toEqual({ committed: 11_250_000, paid: 0 });

    const [pkg] = (await request(service.url).get(`/support-packages?caseId=${caseId}`).set(officer()).expect(200)).body.items;
    const invoiced = await request(service.url).post(`/support-packages/${pkg.id}/invoices`).set(officer()).send({ supplierReference: 'INV-A', amountPence: 750_000, days: 10 }).expect(200);

    await produce(ApplicationWithdrawn, applicationId, { ...ApplicationWithdrawn.example, applicationId, withdrawnAt: new Date().toISOString() });
    await api.caseFor(applicationId, 'withdrawn');
    const flagged = (await request(service.url).get(`/support-packages/${pkg.id}`).set(officer()).expect(200)).body;
    expect(flagged).toMatchObject({ status: 'active' });
    expect(flagged.flaggedReason).toContain('The applicant withdrew');
    // Nothing is freed until the supplier's delivered days are invoiced and an officer closes the package.
    expect(await budgetOf(fundId)).toEqual({ committed: 11_250_000, paid: 0 });

    const closed = await request(service.url).post(`/support-packages/${pkg.id}/close`).set(officer()).send({ reason: 'Withdrawn; delivered days invoiced' }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', flaggedReason: null, closedReason: 'Withdrawn; delivered days invoiced' });
    expect(await budgetOf(fundId)).toEqual({ committed: 750_000, paid: 0 });
    expect(await api.outboxCount(SupportPackageClosed.type, pkg.id)).toBe(1);
    const late = await request(service.url).post(`/support-packages/${pkg.id}/invoices`).set(officer()).send({ supplierReference: 'INV-B', amountPence: 1, days: 1 }).expect(409);
    expect(late.body.code).toBe('package-not-active');
    await request(service.url).post(`/support-packages/${pkg.id}/invoices/${invoiced.body.invoices[0].id}/pay`).set(officer()).expect(200);
    expect(await budgetOf(fundId)).toEqual({ committed: 750_000, paid: 750_000 });
  });
});
