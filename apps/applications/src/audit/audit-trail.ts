import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

export interface Actor {
  id: string;
  name?: string | null;
}

export interface AuditRecord {
  subjectType: AuditEntryEntity['subjectType'];
  subjectId: string;
  action: string;
  from?: string | null;
  to?: string | null;
  actor: Actor;
  detail?: Record<string, unknown>;
}

/** Public money is audited: every state change is written in the transaction that makes it. */
@Injectable()
export class AuditTrail {
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.query(
      `insert into audit_trail (subject_type, subject_id, action, from_state, to_state, actor_id, actor_name, detail)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [record.subjectType, record.subjectId, record.action, record.from ?? null, record.to ?? null, record.actor.id, record.actor.name ?? null, record.detail ?? null],
    );
  }

  async history(manager: EntityManager, subjectType: AuditEntryEntity['subjectType'], subjectId: string): Promise<AuditEntryEntity[]> {
    return manager.find(AuditEntryEntity, { where: { subjectType, subjectId }, order: { id: 'ASC' } });
  }
}
