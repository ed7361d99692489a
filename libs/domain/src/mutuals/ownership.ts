/** Who owns (or will own) the mutual, in percent. */
export interface OwnershipShares {
  employeeSharePercent: number | null;
  parentBodySharePercent: number | null;
  partnerSharePercent: number | null;
}

/** The shares can leave room for others (service users, members) but never add up to more than 100%. */
export function ownershipProblem(shares: OwnershipShares): string | undefined {
  const total = (shares.employeeSharePercent ?? 0) + (shares.parentBodySharePercent ?? 0) + (shares.partnerSharePercent ?? 0);
  if (total <= 100) return undefined;
  return `Ownership shares add up to ${total}%: employees, parent body and partners together can hold at most 100%`;
}
