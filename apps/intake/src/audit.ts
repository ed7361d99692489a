import { EntityManager } from 'typeorm';

export interface AuditChange {
  subjectType: 'programme' | 'round' | 'bid';
  subjectId: string;
  action: string;
  from?: string | null;
  to?: string | null;
  actorId: string;
  detail?: Record<string, unknown>;
}

/** Public money is audited: every state change is kept with who, what and when, in the change's transaction. */
export async function recordChange(manager: EntityManager, change: AuditChange, at?: Date): Promise<void> {
  await manager.query(
    `insert into audit_entries (subject_type, subject_id, action, from_state, to_state, actor_id, detail, at)
     values ($1, $2, $3, $4, $5, $6, $7, coalesce($8, now()))`,
    [change.subjectType, change.subjectId, change.action, change.from ?? null, change.to ?? null, change.actorId, change.detail ? JSON.stringify(change.detail) : null, at ?? null],
  );
}

export interface AuditEntry {
  at: Date;
  action: string;
  from_state: string | null;
  to_state: string | null;
  actor_id: string;
  detail: Record<string, unknown> | null;
}

export function historyOf(manager: EntityManager, subjectType: AuditChange['subjectType'], subjectId: string): Promise<AuditEntry[]> {
  return manager.query(
    'select at, action, from_state, to_state, actor_id, detail from audit_entries where subject_type = $1 and subject_id = $2 order by at, id',
    [subjectType, subjectId],
  );
}
