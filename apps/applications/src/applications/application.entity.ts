import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { bigintToNumber } from '@mutuals/persistence';
import type { ApplicationStatus } from './application';

@Entity('applications')
export class ApplicationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text', unique: true }) reference!: string;
  @Column({ name: 'fund_id', type: 'uuid', nullable: true }) fundId!: string | null;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId!: string | null;

  /** Who started the application, and after submission who submitted it (messages go to them). */
  @Column({ name: 'applicant_id', type: 'text' }) applicantId!: string;
  @Column({ name: 'applicant_name', type: 'text' }) applicantName!: string;
  @Column({ name: 'applicant_email', type: 'text' }) applicantEmail!: string;

  // The organisation as it is for a draft, and as it was when submitted (officers filter on these).
  @Column({ name: 'organisation_name', type: 'text', nullable: true }) organisationName!: string | null;
  @Column({ name: 'parent_body', type: 'text', nullable: true }) parentBody!: string | null;
  @Column({ type: 'text', nullable: true }) sector!: string | null;
  @Column({ type: 'text', nullable: true }) region!: string | null;
  @Column({ name: 'spin_out_stage', type: 'text', nullable: true }) spinOutStage!: string | null;

  @Column({ type: 'text', nullable: true }) title!: string | null;
  @Column({ name: 'support_types', type: 'text', array: true }) supportTypes!: string[];
  @Column({ name: 'amount_requested_pence', type: 'bigint', nullable: true, transformer: bigintToNumber }) amountRequestedPence!: number | null;
  @Column({ name: 'match_funding_pence', type: 'bigint', nullable: true, transformer: bigintToNumber }) matchFundingPence!: number | null;
  /** Question id to answer text. */
  @Column({ type: 'jsonb' }) answers!: Record<string, string>;
  @Column({ name: 'subsidy_received_pence', type: 'bigint', nullable: true, transformer: bigintToNumber }) subsidyReceivedPence!: number | null;
  @Column({ name: 'services_delivered_in_england', type: 'boolean', nullable: true }) servicesDeliveredInEngland!: boolean | null;

  @Column({ type: 'text' }) status!: ApplicationStatus;
  @Column({ name: 'status_changed_at', type: 'timestamptz' }) statusChangedAt!: Date;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'awarded_pence', type: 'bigint', nullable: true, transformer: bigintToNumber }) awardedPence!: number | null;
  @Column({ name: 'offer_expires_at', type: 'timestamptz', nullable: true }) offerExpiresAt!: Date | null;
  /** When the awards event behind the current status happened; orders events that arrive out of order. */
  @Column({ name: 'awards_event_at', type: 'timestamptz', nullable: true }) awardsEventAt!: Date | null;

  /** A reconsideration of the decision asked for: requested, then upheld or overturned (awards reviews it). */
  @Column({ name: 'reconsideration_status', type: 'text', nullable: true }) reconsiderationStatus!: 'requested' | 'upheld' | 'overturned' | null;
  @Column({ name: 'reconsideration_reason', type: 'text', nullable: true }) reconsiderationReason!: string | null;
  @Column({ name: 'reconsideration_at', type: 'timestamptz', nullable: true }) reconsiderationAt!: Date | null;

  @VersionColumn() version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
}
