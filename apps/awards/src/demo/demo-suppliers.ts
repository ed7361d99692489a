import { SupportLot } from '@mutuals/contracts';
import { hashOf } from './demo-register';
import { SupplierDto } from '../inkind/inkind.dto';

/** Day rates in pounds and capacity in days, lot by lot. */
const lots = (terms: [SupportLot, number, number][]) => terms.map(([lot, pounds, capacityDays]) => ({ lot, dayRatePence: pounds * 100, capacityDays }));

/**
 * The consortium of expert suppliers the programme bought support from in kind: law firms,
 * accountants, pensions and HR advisers, governance and business-planning specialists.
 */
export const DEMO_SUPPLIERS: SupplierDto[] = [
  {
    name: 'Mutual Ventures Consulting Ltd', companyNumber: '07481256', contactName: 'Alison Reed', contactEmail: 'alison.reed@mutualventures.example.org',
    lots: lots([['business-planning', 700, 160], ['governance', 600, 80]]),
  },
  {
    name: 'Whitfield Brace Solicitors LLP', companyNumber: 'OC301873', contactName: 'James Whitfield', contactEmail: 'james.whitfield@whitfieldbrace.example.org',
    lots: lots([['legal', 950, 180], ['governance', 650, 60]]),
    // The firm acted for the council when 3BM's first contract was let.
    conflicts: [{ kind: 'parent-body', value: 'Bath and North East Somerset Council', reason: "Acted for the council on 3BM's first contract" }],
  },
  {
    name: 'Bartram Tilney Accountants LLP', companyNumber: 'OC318842', contactName: 'Meena Rao', contactEmail: 'meena.rao@bartramtilney.example.org',
    lots: lots([['finance', 800, 150], ['business-planning', 750, 80]]),
  },
  {
    name: 'Pensions Bridge Actuarial Ltd', companyNumber: '06932417', contactName: 'Robert Hale', contactEmail: 'robert.hale@pensionsbridge.example.org',
    lots: lots([['hr-and-pensions', 900, 120], ['finance', 850, 40]]),
  },
  {
    name: 'Co-operative Futures Ltd', companyNumber: '05518730', contactName: 'Nia Edwards', contactEmail: 'nia.edwards@coopfutures.example.org',
    lots: lots([['governance', 550, 120], ['business-planning', 600, 80]]),
  },
  {
    name: 'Harland Employment Law LLP', companyNumber: 'OC347105', contactName: 'Peter Harland', contactEmail: 'peter.harland@harlandlaw.example.org',
    lots: lots([['legal', 900, 140], ['hr-and-pensions', 800, 100]]),
  },
  {
    name: 'Spinout Partners Ltd', companyNumber: '08102664', contactName: 'Grace Obi', contactEmail: 'grace.obi@spinoutpartners.example.org',
    lots: lots([['business-planning', 650, 120], ['finance', 700, 60], ['governance', 600, 60]]),
  },
  {
    name: 'Northern Mutual Advisers CIC', companyNumber: '08655391', contactName: 'Callum Hart', contactEmail: 'callum.hart@northernmutual.example.org',
    lots: lots([['hr-and-pensions', 750, 80], ['governance', 550, 80], ['business-planning', 600, 60]]),
  },
];

/** How far the supplier has got with a package: reports, invoices and payment, in that order. */
export type PackageProgress = 'awarded' | 'reported' | 'invoiced' | 'part-paid' | 'paid';
/** The packages, in the order of their bids' references, take these in turn, so the demo shows every one. */
export const PACKAGE_PROGRESS: PackageProgress[] = ['paid', 'part-paid', 'invoiced', 'reported', 'paid', 'awarded'];

/** Which funded bids take part of their support in kind, and from which supplier first, by the bid's reference. */
export function inKindPlan(reference: string): { supplierIndex: number } | null {
  const h = hashOf(`in-kind:${reference}`);
  return h % 3 === 0 ? null : { supplierIndex: h % DEMO_SUPPLIERS.length };
}

/** The package asked of a supplier: up to three of its lots, sized so the package stays well inside the bid's ask. */
export function packageLots(supplier: SupplierDto, reference: string, askPence: number): { lot: SupportLot; days: number }[] {
  const chosen = supplier.lots.slice(0, 1 + (hashOf(`lots:${reference}`) % supplier.lots.length));
  // At most half the ask goes in kind, the rest stays cash.
  const budget = Math.floor(askPence / 2 / chosen.length);
  return chosen.map((l, i) => ({ lot: l.lot, days: Math.max(1, Math.min(5 + (hashOf(`${reference}:${i}`) % 16), Math.floor(budget / l.dayRatePence))) }));
}

/** Days reported and invoiced so far: all of them once the package is paid in full, half before. */
export const deliveredDays = (days: number, progress: PackageProgress) => (progress === 'paid' ? days : Math.max(1, Math.floor(days / 2)));
