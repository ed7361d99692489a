import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { EligibilityRules } from '@mutuals/domain';
import { bigintToNumber } from '@mutuals/persistence';

export interface FundQuestion {
  id: string;
  text: string;
  wordLimit: number;
  required: boolean;
}

/** A period in which the fund takes applications: UTC instants, closing time excluded. */
export interface OpeningWindow {
  opensAt: string;
  closesAt: string;
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
  @Column('text') description!: string;
  @Column({ name: 'cap_per_application_pence', type: 'bigint', transformer: bigintToNumber }) capPerApplicationPence!: number;
  @Column({ name: 'budget_pence', type: 'bigint', transformer: bigintToNumber }) budgetPence!: number;
  @Column('boolean') open!: boolean;
  @Column({ name: 'match_funding_required', type: 'boolean' }) matchFundingRequired!: boolean;
  @Column('jsonb') questions!: FundQuestion[];
  @Column('jsonb') eligibility!: EligibilityRules;
  @Column('jsonb') assessment!: AssessmentSpec;
  @Column({ name: 'opening_windows', type: 'jsonb' }) openingWindows!: OpeningWindow[];
  /** The document types applicants may attach (DOCUMENT_TYPES); all six unless the fund says otherwise. */
  @Column({ name: 'allowed_document_types', type: 'text', array: true, default: () => `'{pdf,docx,xlsx,odt,ods,csv}'` }) allowedDocumentTypes!: string[];
  @VersionColumn() version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/**
 * Whether a fund takes applications at `now`: it must be open and, when it has opening windows,
 * `now` must fall inside one of them (from its opening time up to, not including, its closing time).
 */
export function takesApplications(fund: Pick<FundEntity, 'open' | 'openingWindows'>, now: Date): boolean {
  if (!fund.open) return false;
  if (fund.openingWindows.length === 0) return true;
  const t = now.getTime();
  return fund.openingWindows.some((w) => Date.parse(w.opensAt) <= t && t < Date.parse(w.closesAt));
}
