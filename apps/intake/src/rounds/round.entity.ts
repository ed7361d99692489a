import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '@mutuals/persistence';
import type { EligibilityRules, Question, RoundStatus } from './round';

export interface AssessmentSettings {
  criteria: { id: string; name: string; weight: number }[];
  scaleMax: number;
  assessorsPerCase: number;
  moderationThreshold: number;
}

@Entity('rounds')
export class RoundEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'programme_id', type: 'uuid' }) programmeId!: string;
  @Column({ type: 'text' }) name!: string;
  /** Starts each bid reference, e.g. DD14 in DD14-0042. */
  @Column({ name: 'reference_prefix', type: 'text' }) referencePrefix!: string;
  @Column({ type: 'text' }) status!: RoundStatus;
  @Column({ name: 'opens_at', type: 'timestamptz' }) opensAt!: Date;
  @Column({ name: 'closes_at', type: 'timestamptz' }) closesAt!: Date;
  @Column({ name: 'max_award_pence', type: 'bigint', transformer: bigintToNumber }) maxAwardPence!: number;
  @Column({ type: 'int' }) places!: number;
  @Column({ type: 'jsonb' }) eligibility!: EligibilityRules;
  /** The document types councils may attach (DOCUMENT_TYPES); all six unless the round says otherwise. */
  @Column({ name: 'allowed_document_types', type: 'text', array: true, default: () => `'{pdf,docx,xlsx,odt,ods,csv}'` }) allowedDocumentTypes!: string[];
  @Column({ type: 'jsonb' }) questions!: Question[];
  @Column({ type: 'jsonb' }) assessment!: AssessmentSettings;
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true }) openedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
