import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One state change of an application, organisation or fund: who, when, from and to. */
@Entity('audit_trail')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'subject_type', type: 'text' }) subjectType!: 'application' | 'organisation' | 'fund';
  @Column({ name: 'subject_id', type: 'uuid' }) subjectId!: string;
  @Column('text') action!: string;
  @Column({ name: 'from_state', type: 'text', nullable: true }) fromState!: string | null;
  @Column({ name: 'to_state', type: 'text', nullable: true }) toState!: string | null;
  @Column({ name: 'actor_id', type: 'text' }) actorId!: string;
  @Column({ name: 'actor_name', type: 'text', nullable: true }) actorName!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  @Column({ type: 'jsonb', nullable: true }) detail!: Record<string, unknown> | null;
}
