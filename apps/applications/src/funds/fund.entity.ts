import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { EligibilityRules } from '@mutuals/domain';
import { bigintToNumber } from '@mutuals/persistence';

export interface FundQuestion {
  id: string;
  text: string;
  wordLimit: number;
  required: boolean;
}

export interface AssessmentSpec {
  criteria: { id: string; name: string; weight: number }[];
  scaleMax: number;
  assessorsPerCase: number;
  moderationThreshold: number;
}

@Entity('funds')
export class FundEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column({ name: 'cap_per_application_pence', type: 'bigint', transformer: bigintToNumber }) capPerApplicationPence!: number;
  @Column({ name: 'budget_pence', type: 'bigint', transformer: bigintToNumber }) budgetPence!: number;
  @Column('boolean') open!: boolean;
  @Column({ name: 'match_funding_required', type: 'boolean' }) matchFundingRequired!: boolean;
  @Column('jsonb') questions!: FundQuestion[];
  @Column('jsonb') eligibility!: EligibilityRules;
  @Column('jsonb') assessment!: AssessmentSpec;
  /** The document types applicants may attach (DOCUMENT_TYPES); all six unless the fund says otherwise. */
  @Column({ name: 'allowed_document_types', type: 'text', array: true, default: () => `'{pdf,docx,xlsx,odt,ods,csv}'` }) allowedDocumentTypes!: string[];
  @VersionColumn() version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
