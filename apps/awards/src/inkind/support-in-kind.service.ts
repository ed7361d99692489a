import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { offsetOf, Page, PageQuery } from '@mutuals/http';
import { SupplierInvoicePaid, SupplierInvoiceReceived, SupplierRegistered, SupportDeliveryReported, SupportPackageAwarded, SupportPackageClosed, SupportPackageRef } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';
import { audit } from '../audit/audit-trail';
import { conflictWith, normaliseParty } from '../assessors/allocation';
import { Case, caseRef, loadCase } from '../cases/case';
import { BudgetService } from '../programmes/budget.service';
import { ClosePackageDto, DeliveryReportDto, InKindDto, InvoiceDto, SupplierDto, SupplierView, SupportPackageView } from './inkind.dto';
import { assertDates, assertInvoiceable, PricedLot, pricePackage } from './support-in-kind';

/** A package priced and checked, ready to commit and record with its approval. */
export interface PackageQuote {
  input: InKindDto;
  supplierName: string;
  lots: PricedLot[];
  valuePence: number;
}

export interface PackageFilter {
  caseId?: string;
  supplierId?: string;
  status?: string;
  programmeId?: string;
}

interface PackageRow {
  id: string;
  case_id: string;
  programme_id: string;
  supplier_id: string;
  supplier_name: string;
  value_pence: string;
  invoiced_pence: string;
  paid_pence: string;
  status: string;
}

/** The supplier framework and the support it delivers in kind: priced at day rates, counted in the same budget as cash. */
@Injectable()
export class SupportInKindService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventPublisher,
    private readonly budgets: BudgetService,
  ) {}

  /** Adds a supplier (no id) or replaces its details and lots; conflicts are only ever added. */
  async saveSupplier(officer: AuthenticatedUser, supplierId: string | null, input: SupplierDto): Promise<SupplierView> {
    const id = await this.dataSource.transaction(async (m) => {
      const id = supplierId ?? randomUUID();
      if (supplierId) {
        const [found] = await m.query('select id from suppliers where id = $1 for update', [supplierId]);
        if (!found) throw DomainError.notFound('Supplier', supplierId);
      }
      const [clash] = await m.query('select name from suppliers where company_number = $1 and id <> $2', [input.companyNumber, id]);
      if (clash) throw new DomainError('conflict', 'supplier-exists', `${clash.name} is already on the framework with company number ${input.companyNumber}`);
      if (new Set(input.lots.map((l) => l.lot)).size !== input.lots.length) throw new DomainError('unprocessable', 'lot-repeated', 'Give each lot once');
      await m.query(
        `insert into suppliers (id, name, company_number, contact_name, contact_email, registered_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (id) do update set name = excluded.name, company_number = excluded.company_number, contact_name = excluded.contact_name, contact_email = excluded.contact_email`,
        [id, input.name, input.companyNumber, input.contactName, input.contactEmail, officer.id],
      );
      await m.query('delete from supplier_lots where supplier_id = $1', [id]);
      for (const l of input.lots) {
        await m.query('insert into supplier_lots (supplier_id, lot, day_rate_pence, capacity_days) values ($1, $2, $3, $4)', [id, l.lot, l.dayRatePence, l.capacityDays]);
      }
      for (const c of input.conflicts ?? []) {
        await m.query('insert into supplier_conflicts (supplier_id, kind, value, reason) values ($1, $2, $3, $4) on conflict do nothing', [id, c.kind, normaliseParty(c.value), c.reason ?? null]);
      }
      const registeredAt = new Date().toISOString();
      await this.events.publish(m, SupplierRegistered, id, { supplierId: id, name: input.name, companyNumber: input.companyNumber, lots: input.lots, registeredBy: officer.id, registeredAt });
      await audit(m, { subjectType: 'supplier', subjectId: id, action: supplierId ? 'supplier-updated' : 'supplier-registered', actor: officer.id, details: { ...input } });
      return id;
    });
    return (await this.suppliers([id]))[0];
  }

  async supplier(id: string): Promise<SupplierView> {
    const [found] = await this.suppliers([id]);
    if (!found) throw DomainError.notFound('Supplier', id);
    return found;
  }

  /** Suppliers by name, each lot with the days already committed to packages not yet completed. */
  /** A page of the framework, by name (the id breaks ties), with the count of every supplier. */
  async supplierPage(query: Partial<PageQuery>): Promise<Page<SupplierView>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query('select id from suppliers order by name, id offset $1 limit $2', [offset, limit]),
      this.dataSource.query('select count(*)::int as total from suppliers'),
    ]);
    return { items: rows.length === 0 ? [] : await this.suppliers(rows.map((r: { id: string }) => r.id)), page, pageSize, total };
  }

  async suppliers(ids: string[]): Promise<SupplierView[]> {
    const rows = await this.dataSource.query(
      `select s.*,
         coalesce((select json_agg(json_build_object('lot', l.lot, 'dayRatePence', l.day_rate_pence, 'capacityDays', l.capacity_days, 'committedDays', ${COMMITTED_DAYS}) order by l.lot) from supplier_lots l where l.supplier_id = s.id), '[]') as lots,
         coalesce((select json_agg(json_build_object('kind', k.kind, 'value', k.value, 'reason', k.reason) order by k.declared_at) from supplier_conflicts k where k.supplier_id = s.id), '[]') as conflicts
       from suppliers s where s.id = any($1) order by s.name, s.id`,
      [ids],
    );
    return rows.map((r: Record<string, any>) => ({
      id: r.id,
      name: r.name,
      companyNumber: r.company_number,
      contactName: r.contact_name,
      contactEmail: r.contact_email,
      lots: r.lots.map((l: Record<string, any>) => ({ ...l, dayRatePence: Number(l.dayRatePence), committedDays: Number(l.committedDays), availableDays: Math.max(0, l.capacityDays - Number(l.committedDays)) })),
      conflicts: r.conflicts,
    }));
  }

  /**
   * Checks and prices support in kind for a case about to be approved: the supplier must not be
   * conflicted with the applicant or its parent body, and must have the days. Holds the supplier's
   * row so two approvals cannot both take its last days.
   */
  async quote(m: EntityManager, c: Case, input: InKindDto): Promise<PackageQuote> {
    assertDates(input.startOn, input.endOn);
    const [supplier] = await m.query('select id, name from suppliers where id = $1 for update', [input.supplierId]);
    if (!supplier) throw new DomainError('unprocessable', 'supplier-unknown', `Supplier ${input.supplierId} is not on the framework`);
    const conflicts = await m.query('select kind, value from supplier_conflicts where supplier_id = $1', [supplier.id]);
    const conflict = conflictWith({ conflicts }, c);
    if (conflict) {
      throw new DomainError('conflict', 'supplier-conflicted', `${supplier.name} has declared a conflict of interest with ${conflict.value} (${conflict.kind}) and cannot be assigned to this case`, {
        supplierId: supplier.id,
        supplierName: supplier.name,
        conflict,
      });
    }
    const terms = await m.query(
      `select l.lot, l.day_rate_pence, l.capacity_days, ${COMMITTED_DAYS} as committed_days from supplier_lots l where l.supplier_id = $1`,
      [supplier.id],
    );
    const priced = pricePackage(
      supplier.name,
      terms.map((t: Record<string, any>) => ({ lot: t.lot, dayRatePence: Number(t.day_rate_pence), capacityDays: t.capacity_days, committedDays: Number(t.committed_days) })),
      input.lots,
    );
    return { input, supplierName: supplier.name, ...priced };
  }

  /** Records a package whose value the approval has just committed. */
  async award(m: EntityManager, officer: AuthenticatedUser, c: Case, quote: PackageQuote): Promise<string> {
    const id = randomUUID();
    const { input } = quote;
    await m.query(
      `insert into support_packages (id, case_id, programme_id, supplier_id, value_pence, start_on, end_on, status, awarded_by) values ($1, $2, $3, $4, $5, $6, $7, 'active', $8)`,
      [id, c.id, c.programmeId, input.supplierId, quote.valuePence, input.startOn, input.endOn, officer.id],
    );
    for (const l of quote.lots) {
      await m.query('insert into support_package_lots (package_id, lot, days, day_rate_pence, value_pence) values ($1, $2, $3, $4, $5)', [id, l.lot, l.days, l.dayRatePence, l.valuePence]);
    }
    const awardedAt = new Date().toISOString();
    const ref: SupportPackageRef = { ...caseRef(c), packageId: id, supplierId: input.supplierId, supplierName: quote.supplierName, valuePence: quote.valuePence };
    await this.events.publish(m, SupportPackageAwarded, id, { ...ref, lots: quote.lots, startOn: input.startOn, endOn: input.endOn, awardedBy: officer.id, awardedAt });
    await audit(m, { subjectType: 'support-package', subjectId: id, caseId: c.id, action: 'support-in-kind-awarded', actor: officer.id, details: { ...ref, lots: quote.lots, startOn: input.startOn, endOn: input.endOn } });
    return id;
  }

  /** The supplier's report of days delivered, recorded by an officer on its behalf. */
  async report(officer: AuthenticatedUser, packageId: string, input: DeliveryReportDto): Promise<SupportPackageView> {
    await this.dataSource.transaction(async (m) => {
      const { row, ref } = await this.load(m, packageId);
      const [lot] = await m.query('select days from support_package_lots where package_id = $1 and lot = $2', [packageId, input.lot]);
      if (!lot) throw new DomainError('unprocessable', 'lot-not-in-package', `This package has no ${input.lot} support`);
      const id = randomUUID();
      const [saved] = await m.query('insert into delivery_reports (id, package_id, lot, days_delivered, summary, recorded_by) values ($1, $2, $3, $4, $5, $6) returning recorded_at', [
        id, packageId, input.lot, input.daysDelivered, input.summary, officer.id,
      ]);
      const recordedAt = new Date(saved.recorded_at).toISOString();
      await this.events.publish(m, SupportDeliveryReported, packageId, { ...ref, reportId: id, lot: input.lot, daysDelivered: input.daysDelivered, summary: input.summary, recordedBy: officer.id, recordedAt });
      await audit(m, { subjectType: 'support-package', subjectId: packageId, caseId: row.case_id, action: 'delivery-reported', actor: officer.id, details: { reportId: id, ...input } });
    });
    return this.get(packageId);
  }

  /** The supplier's invoice, recorded by an officer on its behalf; never beyond the package's value. */
  async invoice(officer: AuthenticatedUser, packageId: string, input: InvoiceDto): Promise<SupportPackageView> {
    await this.dataSource.transaction(async (m) => {
      const { row, ref } = await this.load(m, packageId);
      if (row.status !== 'active') throw new DomainError('conflict', 'package-not-active', `This support package is ${row.status}; it takes no more invoices`);
      const [dup] = await m.query('select 1 from supplier_invoices where package_id = $1 and supplier_reference = $2', [packageId, input.supplierReference]);
      if (dup) throw new DomainError('conflict', 'invoice-exists', `Invoice ${input.supplierReference} is already recorded on this package`);
      assertInvoiceable(input.amountPence, Number(row.value_pence), Number(row.invoiced_pence));
      const id = randomUUID();
      await m.query('insert into supplier_invoices (id, package_id, supplier_reference, amount_pence, days, status, recorded_by) values ($1, $2, $3, $4, $5, $6, $7)', [
        id, packageId, input.supplierReference, input.amountPence, input.days, 'submitted', officer.id,
      ]);
      const [[updated]] = await m.query('update support_packages set invoiced_pence = invoiced_pence + $2 where id = $1 returning invoiced_pence', [packageId, input.amountPence]);
      await this.events.publish(m, SupplierInvoiceReceived, packageId, { ...ref, invoiceId: id, ...input, totalPence: Number(updated.invoiced_pence), recordedBy: officer.id, recordedAt: new Date().toISOString() });
      await audit(m, { subjectType: 'support-package', subjectId: packageId, caseId: row.case_id, action: 'invoice-received', actor: officer.id, details: { invoiceId: id, ...input } });
    });
    return this.get(packageId);
  }

  /** Approves and pays an invoice, once: its amount counts as paid from the programme's budget. */
  async pay(officer: AuthenticatedUser, packageId: string, invoiceId: string): Promise<SupportPackageView> {
    await this.dataSource.transaction(async (m) => {
      const { row, ref } = await this.load(m, packageId);
      const [paid] = await m.query(
        `update supplier_invoices set status = 'paid', paid_by = $3, paid_at = now() where id = $1 and package_id = $2 and status = 'submitted' returning supplier_reference, amount_pence, days, paid_at`,
        [invoiceId, packageId, officer.id],
      );
      if (paid.length === 0) {
        const [exists] = await m.query('select 1 from supplier_invoices where id = $1 and package_id = $2', [invoiceId, packageId]);
        if (!exists) throw DomainError.notFound('Invoice', invoiceId);
        throw new DomainError('conflict', 'invoice-already-paid', 'This invoice has already been paid');
      }
      const inv = paid[0];
      const amount = Number(inv.amount_pence);
      const [[updated]] = await m.query(
        `update support_packages set paid_pence = paid_pence + $2, status = case when paid_pence + $2 = value_pence then 'completed' else status end where id = $1 returning paid_pence`,
        [packageId, amount],
      );
      await this.budgets.recordPaid(m, row.programme_id, amount);
      await this.events.publish(m, SupplierInvoicePaid, packageId, {
        ...ref,
        invoiceId,
        supplierReference: inv.supplier_reference,
        amountPence: amount,
        days: Number(inv.days),
        totalPence: Number(updated.paid_pence),
        recordedBy: officer.id,
        recordedAt: new Date(inv.paid_at).toISOString(),
      });
      await audit(m, { subjectType: 'support-package', subjectId: packageId, caseId: row.case_id, action: 'invoice-paid', actor: officer.id, details: { invoiceId, amountPence: amount } });
    });
    return this.get(packageId);
  }

  /**
   * The applicant withdrew: the supplier may have delivered days it has not yet invoiced, so nothing
   * is released automatically; the package is flagged for an officer to close once it has.
   */
  async flagWithdrawn(m: EntityManager, caseId: string, withdrawnAt: string): Promise<void> {
    const [flagged]: [{ id: string }[], number] = await m.query(
      `update support_packages set flagged_reason = $2, flagged_at = now() where case_id = $1 and status = 'active' and flagged_reason is null returning id`,
      [caseId, `The applicant withdrew at ${withdrawnAt}: close the package once the supplier has invoiced the days it delivered`],
    );
    for (const { id } of flagged) {
      await audit(m, { subjectType: 'support-package', subjectId: id, caseId, action: 'flagged-withdrawn', actor: 'applicant', details: { withdrawnAt } });
    }
  }

  /** Ends a package early: it takes no more invoices, and what was not invoiced returns to the budget. */
  async close(officer: AuthenticatedUser, packageId: string, input: ClosePackageDto): Promise<SupportPackageView> {
    await this.dataSource.transaction(async (m) => {
      const { row, ref } = await this.load(m, packageId);
      if (row.status !== 'active') throw new DomainError('conflict', 'package-not-active', `This support package is already ${row.status}`);
      const invoiced = Number(row.invoiced_pence);
      const released = Number(row.value_pence) - invoiced;
      const [[closed]] = await m.query(
        `update support_packages set status = 'closed', closed_by = $2, closed_at = now(), closed_reason = $3, flagged_reason = null, flagged_at = null where id = $1 returning closed_at`,
        [packageId, officer.id, input.reason],
      );
      await this.budgets.release(m, row.programme_id, released);
      await this.events.publish(m, SupportPackageClosed, packageId, {
        ...ref,
        invoicedPence: invoiced,
        releasedPence: released,
        reason: input.reason,
        closedBy: officer.id,
        closedAt: new Date(closed.closed_at).toISOString(),
      });
      await audit(m, { subjectType: 'support-package', subjectId: packageId, caseId: row.case_id, action: 'closed', actor: officer.id, details: { ...input, invoicedPence: invoiced, releasedPence: released } });
    });
    return this.get(packageId);
  }

  /** A page of packages, newest first (the id breaks ties), with the count of every matching package. */
  async list(query: Partial<PageQuery>, filter: PackageFilter = {}): Promise<Page<SupportPackageView>> {
    const { offset, limit, page, pageSize } = offsetOf(query);
    const where = `($1::uuid is null or case_id = $1) and ($2::uuid is null or supplier_id = $2) and ($3::text is null or status = $3) and ($4::uuid is null or programme_id = $4)`;
    const params = [filter.caseId ?? null, filter.supplierId ?? null, filter.status ?? null, filter.programmeId ?? null];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(`select id from support_packages where ${where} order by awarded_at desc, id desc offset $5 limit $6`, [...params, offset, limit]),
      this.dataSource.query(`select count(*)::int as total from support_packages where ${where}`, params),
    ]);
    return { items: await Promise.all(rows.map((r: { id: string }) => this.get(r.id))), page, pageSize, total };
  }

  async get(packageId: string): Promise<SupportPackageView> {
    const [r] = await this.dataSource.query(
      `select p.*, s.name as supplier_name, c.reference, c.organisation_name, to_char(p.start_on, 'YYYY-MM-DD') as start_day, to_char(p.end_on, 'YYYY-MM-DD') as end_day
       from support_packages p join suppliers s on s.id = p.supplier_id join cases c on c.id = p.case_id where p.id = $1`,
      [packageId],
    );
    if (!r) throw DomainError.notFound('Support package', packageId);
    const [lots, reports, invoices] = await Promise.all([
      this.dataSource.query(
        `select l.*, coalesce((select sum(d.days_delivered) from delivery_reports d where d.package_id = l.package_id and d.lot = l.lot), 0) as delivered from support_package_lots l where l.package_id = $1 order by l.lot`,
        [packageId],
      ),
      this.dataSource.query('select * from delivery_reports where package_id = $1 order by recorded_at, id', [packageId]),
      this.dataSource.query('select * from supplier_invoices where package_id = $1 order by recorded_at, id', [packageId]),
    ]);
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return {
      id: r.id,
      caseId: r.case_id,
      reference: r.reference,
      organisationName: r.organisation_name,
      programmeId: r.programme_id,
      supplierId: r.supplier_id,
      supplierName: r.supplier_name,
      status: r.status,
      flaggedReason: r.flagged_reason ?? null,
      closedReason: r.closed_reason ?? null,
      lots: lots.map((l: Record<string, any>) => ({ lot: l.lot, days: l.days, dayRatePence: Number(l.day_rate_pence), valuePence: Number(l.value_pence), daysDelivered: Number(l.delivered) })),
      valuePence: Number(r.value_pence),
      invoicedPence: Number(r.invoiced_pence),
      paidPence: Number(r.paid_pence),
      remainingPence: Number(r.value_pence) - Number(r.invoiced_pence),
      startOn: r.start_day,
      endOn: r.end_day,
      awardedBy: r.awarded_by,
      awardedAt: iso(r.awarded_at)!,
      reports: reports.map((d: Record<string, any>) => ({ id: d.id, lot: d.lot, daysDelivered: Number(d.days_delivered), summary: d.summary, recordedBy: d.recorded_by, recordedAt: iso(d.recorded_at)! })),
      invoices: invoices.map((i: Record<string, any>) => ({
        id: i.id,
        supplierReference: i.supplier_reference,
        amountPence: Number(i.amount_pence),
        days: Number(i.days),
        status: i.status,
        recordedBy: i.recorded_by,
        recordedAt: iso(i.recorded_at)!,
        paidBy: i.paid_by,
        paidAt: iso(i.paid_at),
      })),
    };
  }

  /** Locks the package; what its events say about it. */
  private async load(m: EntityManager, packageId: string): Promise<{ row: PackageRow; ref: SupportPackageRef }> {
    const [row]: PackageRow[] = await m.query('select p.*, s.name as supplier_name from support_packages p join suppliers s on s.id = p.supplier_id where p.id = $1 for update of p', [packageId]);
    if (!row) throw DomainError.notFound('Support package', packageId);
    const c = await loadCase(m, row.case_id);
    return { row, ref: { ...caseRef(c), packageId, supplierId: row.supplier_id, supplierName: row.supplier_name, valuePence: Number(row.value_pence) } };
  }
}

/** Days of a supplier lot (alias l) in its packages not yet completed. */
const COMMITTED_DAYS = `coalesce((select sum(pl.days) from support_package_lots pl join support_packages p on p.id = pl.package_id where p.supplier_id = l.supplier_id and pl.lot = l.lot and p.status = 'active'), 0)`;
