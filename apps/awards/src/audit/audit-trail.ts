import { EntityManager } from 'typeorm';

export interface AuditEntry {
  subjectType: 'case' | 'award' | 'assessor' | 'programme' | 'supplier' | 'support-package' | 'mutual' | 'enquiry';
  subjectId: string;
  /** The case the change belongs to, so a case's and its award's history read as one. */
  caseId?: string;
  action: string;
  actor: string;
  details?: Record<string, unknown>;
}

/** The columns an entry fills, in the order of `auditValues`. */
export const AUDIT_COLUMNS = 'subject_type, subject_id, case_id, action, actor, details';

/** An entry's values, for a statement that writes its audit row together with the change. */
export function auditValues(entry: AuditEntry): unknown[] {
  return [entry.subjectType, entry.subjectId, entry.caseId ?? null, entry.action, entry.actor, JSON.stringify(entry.details ?? {})];
}

/** Entries as the six arrays of one insert, in order: `insert into audit_trail (AUDIT_COLUMNS) select * from unnest(...)`. */
export function auditColumns(entries: AuditEntry[]): unknown[][] {
  const values = entries.map(auditValues);
  return AUDIT_COLUMNS.split(', ').map((_, i) => values.map((v) => v[i]));
}

/** Records a state change in the same transaction that makes it. */
export async function audit(manager: EntityManager, entry: AuditEntry): Promise<void> {
  await manager.query(`insert into audit_trail (${AUDIT_COLUMNS}) values ($1, $2, $3, $4, $5, $6)`, auditValues(entry));
}

export interface AuditRecord {
  at: string;
  subjectType: string;
  subjectId: string;
  action: string;
  actor: string;
  details: Record<string, unknown>;
}

export async function caseHistory(manager: EntityManager, caseId: string): Promise<AuditRecord[]> {
  const rows = await manager.query(
    `select at, subject_type, subject_id, action, actor, details from audit_trail where case_id = $1 order by id`,
    [caseId],
  );
  return rows.map((r: Record<string, any>) => ({
    at: new Date(r.at).toISOString(),
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    action: r.action,
    actor: r.actor,
    details: r.details,
  }));
}
