import { DomainError, formatPence, Pence } from '@mutuals/domain';
import { SupportLot } from '@mutuals/contracts';

export interface SupplierLotTerms {
  lot: SupportLot;
  dayRatePence: Pence;
  capacityDays: number;
  /** Days of the lot in the supplier's packages not yet completed. */
  committedDays: number;
}

export interface PricedLot {
  lot: SupportLot;
  days: number;
  dayRatePence: Pence;
  valuePence: Pence;
}

/**
 * Prices a package at the supplier's day rates (days x rate, integer pence), refusing a lot the
 * supplier is not on, a lot asked for twice, and days beyond what the supplier has left.
 */
export function pricePackage(supplierName: string, terms: SupplierLotTerms[], asked: { lot: SupportLot; days: number }[]): { lots: PricedLot[]; valuePence: Pence } {
  const seen = new Set<string>();
  const lots = asked.map(({ lot, days }) => {
    if (seen.has(lot)) throw new DomainError('unprocessable', 'lot-repeated', `The ${lot} lot is asked for more than once; give its days once`);
    seen.add(lot);
    const t = terms.find((x) => x.lot === lot);
    if (!t) throw new DomainError('unprocessable', 'supplier-not-on-lot', `${supplierName} is not on the ${lot} lot`);
    const available = t.capacityDays - t.committedDays;
    if (days > available) {
      throw new DomainError('conflict', 'supplier-capacity-exceeded', `${supplierName} has ${Math.max(0, available)} days of ${lot} left, not the ${days} asked for`, { lot, availableDays: Math.max(0, available), requestedDays: days });
    }
    return { lot, days, dayRatePence: t.dayRatePence, valuePence: days * t.dayRatePence };
  });
  return { lots, valuePence: lots.reduce((sum, l) => sum + l.valuePence, 0) };
}

export function assertDates(startOn: string, endOn: string): void {
  if (endOn < startOn) throw new DomainError('unprocessable', 'package-dates', `The support ends (${endOn}) before it starts (${startOn})`);
}

/** An invoice may take the package up to its value and no further. */
export function assertInvoiceable(amountPence: Pence, valuePence: Pence, invoicedPence: Pence): void {
  const remaining = valuePence - invoicedPence;
  if (amountPence > remaining) {
    throw new DomainError('unprocessable', 'invoice-above-package', `An invoice of ${formatPence(amountPence)} is more than the ${formatPence(remaining)} left to invoice on this ${formatPence(valuePence)} package`, {
      remainingPence: remaining,
      valuePence,
      invoicedPence,
    });
  }
}
