import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNumber, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../../contract';
import { CASE_REF_EXAMPLE, CaseRef } from './case-ref';

/** The framework's lots: the kinds of expert help a supplier can be called off for. */
export const SUPPORT_LOTS = ['legal', 'finance', 'hr-and-pensions', 'governance', 'business-planning'] as const;
export type SupportLot = (typeof SUPPORT_LOTS)[number];

export class SupplierLot {
  @IsIn(SUPPORT_LOTS) lot!: SupportLot;
  @IsInt() @Min(1) dayRatePence!: number;
  /** Days the supplier can deliver in this lot across all its packages. */
  @IsInt() @Min(0) capacityDays!: number;
}

export class SupplierRegisteredV1 {
  @IsUUID() supplierId!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsString() @Length(1, 20) companyNumber!: string;
  /** Every lot the supplier is on now, with its day rate and capacity. */
  @ValidateNested({ each: true }) @Type(() => SupplierLot) lots!: SupplierLot[];
  @IsString() @Length(1, 200) registeredBy!: string;
  @IsISO8601({ strict: true }) registeredAt!: string;
}

export const SupplierRegistered = defineEvent({
  context: 'awards',
  aggregate: 'supplier',
  event: 'registered',
  version: 1,
  description: 'A supplier joined the framework, or its lots, day rates or capacity changed (the whole of them).',
  payload: SupplierRegisteredV1,
  example: {
    supplierId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    name: 'Mutual Ventures Legal LLP',
    companyNumber: 'OC123456',
    lots: [{ lot: 'legal', dayRatePence: 75_000, capacityDays: 120 }],
    registeredBy: 'officer-sam',
    registeredAt: '2026-05-01T09:00:00.000Z',
  },
});

export class PackageLot {
  @IsIn(SUPPORT_LOTS) lot!: SupportLot;
  @IsInt() @Min(1) days!: number;
  @IsInt() @Min(1) dayRatePence!: number;
  /** days x day rate. */
  @IsInt() @Min(1) valuePence!: number;
}

/** What every support-package event says about its package and case. */
export class SupportPackageRef extends CaseRef {
  @IsUUID() packageId!: string;
  @IsUUID() supplierId!: string;
  @IsString() @Length(1, 200) supplierName!: string;
  /** The package's value: what it commits of the budget. */
  @IsInt() @Min(1) valuePence!: number;
}

const PACKAGE_EXAMPLE = {
  ...CASE_REF_EXAMPLE,
  packageId: '2f3e4d5c-6b7a-4c8d-9e0f-1a2b3c4d5e6f',
  supplierId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
  supplierName: 'Mutual Ventures Legal LLP',
  valuePence: 1_500_000,
};

export class SupportPackageAwardedV1 extends SupportPackageRef {
  @ValidateNested({ each: true }) @Type(() => PackageLot) lots!: PackageLot[];
  /** Calendar dates, YYYY-MM-DD. */
  @IsISO8601({ strict: true }) startOn!: string;
  @IsISO8601({ strict: true }) endOn!: string;
  @IsString() @Length(1, 200) awardedBy!: string;
  @IsISO8601({ strict: true }) awardedAt!: string;
}

export const SupportPackageAwarded = defineEvent({
  context: 'awards',
  aggregate: 'support-package',
  event: 'awarded',
  version: 1,
  description: 'An approval awarded support in kind: days of a supplier’s lots at its day rates, committed against the budget like a grant.',
  payload: SupportPackageAwardedV1,
  example: {
    ...PACKAGE_EXAMPLE,
    lots: [{ lot: 'legal' as const, days: 20, dayRatePence: 75_000, valuePence: 1_500_000 }],
    startOn: '2026-07-01',
    endOn: '2026-12-31',
    awardedBy: 'officer-sam',
    awardedAt: '2026-06-20T10:00:00.000Z',
  },
});

export class SupportDeliveryReportedV1 extends SupportPackageRef {
  @IsUUID() reportId!: string;
  @IsIn(SUPPORT_LOTS) lot!: SupportLot;
  @IsNumber() daysDelivered!: number;
  @IsString() @Length(1, 4000) summary!: string;
  @IsString() @Length(1, 200) recordedBy!: string;
  @IsISO8601({ strict: true }) recordedAt!: string;
}

export const SupportDeliveryReported = defineEvent({
  context: 'awards',
  aggregate: 'support-package',
  event: 'delivery-reported',
  version: 1,
  description: 'The supplier reported the days of support it delivered under a package, with a summary.',
  payload: SupportDeliveryReportedV1,
  example: {
    ...PACKAGE_EXAMPLE,
    reportId: '8b7a6c5d-4e3f-4b2a-8c1d-0e9f8a7b6c5d',
    lot: 'legal' as const,
    daysDelivered: 5,
    summary: 'Drafted the articles of the community benefit society and the staff transfer agreement',
    recordedBy: 'officer-sam',
    recordedAt: '2026-08-01T09:00:00.000Z',
  },
});

export class SupplierInvoiceV1 extends SupportPackageRef {
  @IsUUID() invoiceId!: string;
  @IsString() @Length(1, 100) supplierReference!: string;
  @IsInt() @Min(1) amountPence!: number;
  @IsNumber() days!: number;
  /** Invoiced (or paid) on the package so far, this invoice included. */
  @IsInt() @Min(0) totalPence!: number;
  @IsString() @Length(1, 200) recordedBy!: string;
  @IsISO8601({ strict: true }) recordedAt!: string;
}

const INVOICE_EXAMPLE = {
  ...PACKAGE_EXAMPLE,
  invoiceId: '9c8b7a6d-5e4f-4c3b-9a2d-1e0f9a8b7c6d',
  supplierReference: 'INV-2026-0042',
  amountPence: 375_000,
  days: 5,
  totalPence: 375_000,
  recordedBy: 'officer-sam',
  recordedAt: '2026-08-02T09:00:00.000Z',
};

export const SupplierInvoiceReceived = defineEvent({
  context: 'awards',
  aggregate: 'support-package',
  event: 'invoice-received',
  version: 1,
  description: 'A supplier’s invoice against a support package was recorded (never beyond the package’s value); totalPence is all invoiced so far.',
  payload: SupplierInvoiceV1,
  example: INVOICE_EXAMPLE,
});

export const SupplierInvoicePaid = defineEvent({
  context: 'awards',
  aggregate: 'support-package',
  event: 'invoice-paid',
  version: 1,
  description: 'An officer approved and paid a supplier’s invoice: its amount moves from committed to paid; totalPence is all paid on the package.',
  payload: SupplierInvoiceV1,
  example: { ...INVOICE_EXAMPLE, recordedAt: '2026-08-09T09:00:00.000Z' },
});

export class SupportPackageClosedV1 extends SupportPackageRef {
  /** Invoiced before it closed: still to be paid, so it stays committed. */
  @IsInt() @Min(0) invoicedPence!: number;
  /** value - invoiced, returned to the budget. */
  @IsInt() @Min(0) releasedPence!: number;
  @IsString() @Length(1, 2000) reason!: string;
  @IsString() @Length(1, 200) closedBy!: string;
  @IsISO8601({ strict: true }) closedAt!: string;
}

export const SupportPackageClosed = defineEvent({
  context: 'awards',
  aggregate: 'support-package',
  event: 'closed',
  version: 1,
  description: 'An officer closed a support package early (the applicant withdrew, or the support ended): no more invoices; what was not invoiced returns to the budget.',
  payload: SupportPackageClosedV1,
  example: {
    ...PACKAGE_EXAMPLE,
    invoicedPence: 375_000,
    releasedPence: 1_125_000,
    reason: 'The mutual withdrew; the supplier has invoiced the days it delivered',
    closedBy: 'officer-sam',
    closedAt: '2026-09-01T09:00:00.000Z',
  },
});
