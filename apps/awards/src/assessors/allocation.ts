export const CONFLICT_KINDS = ['organisation', 'parent-body', 'authority'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export interface Conflict {
  kind: ConflictKind;
  value: string;
}

/** What a case says about who it concerns, to match against declared conflicts. */
export interface CaseParties {
  organisationName: string;
  parentBody: string | null;
  authorityCodes: string[];
  sector: string | null;
}

export interface Candidate {
  id: string;
  sectors: string[];
  capacity: number;
  openCases: number;
  conflicts: Conflict[];
}

/** Conflicts compare case- and space-insensitively: "Bristol City Council" = "bristol city  council". */
export function normaliseParty(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function partiesOf(c: CaseParties): Conflict[] {
  const parties: Conflict[] = [{ kind: 'organisation', value: normaliseParty(c.organisationName) }];
  if (c.parentBody) parties.push({ kind: 'parent-body', value: normaliseParty(c.parentBody) });
  for (const code of c.authorityCodes) parties.push({ kind: 'authority', value: normaliseParty(code) });
  return parties;
}

/** A conflict with an organisation or parent body counts whichever role the case gives that name. */
export function conflictWith(candidate: Pick<Candidate, 'conflicts'>, c: CaseParties): Conflict | undefined {
  const parties = partiesOf(c);
  return candidate.conflicts.find((conflict) =>
    parties.some((p) => p.value === conflict.value && (conflict.kind === 'authority') === (p.kind === 'authority')),
  );
}

export interface AllocationChoice {
  chosen: string[];
  /** Why fewer than needed were found; absent when the case is fully allocated. */
  shortfall?: string;
}

/**
 * Picks assessors for a case: never one with a conflict or at capacity or already involved,
 * matching expertise first, then the least loaded (relative to capacity), so work spreads.
 */
export function chooseAssessors(c: CaseParties, candidates: Candidate[], needed: number, excluded: Set<string>): AllocationChoice {
  let conflicted = 0;
  let full = 0;
  const available = candidates.filter((a) => {
    if (excluded.has(a.id)) return false;
    if (conflictWith(a, c)) return (conflicted += 1), false;
    if (a.openCases >= a.capacity) return (full += 1), false;
    return true;
  });
  const expert = (a: Candidate) => (c.sector && a.sectors.includes(c.sector) ? 0 : 1);
  available.sort((a, b) => expert(a) - expert(b) || a.openCases / a.capacity - b.openCases / b.capacity || a.openCases - b.openCases || a.id.localeCompare(b.id));
  const chosen = available.slice(0, needed).map((a) => a.id);
  if (chosen.length === needed) return { chosen };
  return {
    chosen,
    shortfall: `Only ${chosen.length} of ${needed} assessors available: ${conflicted} with a conflict of interest, ${full} at capacity, ${candidates.length} registered`,
  };
}
