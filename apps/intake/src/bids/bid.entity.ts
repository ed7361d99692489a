import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '@mutuals/persistence';
import type { BidStatus } from './bid';

@Entity('bids')
export class BidEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text', unique: true }) reference!: string;
  @Column({ name: 'round_id', type: 'uuid' }) roundId!: string;
  @Column({ name: 'programme_id', type: 'uuid' }) programmeId!: string;
  /** The lead authority's ONS code; its council users manage the bid. */
  @Column({ name: 'authority_code', type: 'text' }) authorityCode!: string;
  @Column({ name: 'authority_name', type: 'text' }) authorityName!: string;
  @Column({ name: 'partner_authority_codes', type: 'text', array: true }) partnerAuthorityCodes!: string[];
  @Column({ type: 'text' }) region!: string;
  @Column({ type: 'text', nullable: true }) sector!: string | null;
  @Column({ type: 'text', nullable: true }) title!: string | null;
  @Column({ name: 'amount_requested_pence', type: 'bigint', nullable: true, transformer: bigintToNumber }) amountRequestedPence!: number | null;
  /** Question id to answer text. */
  @Column({ type: 'jsonb' }) answers!: Record<string, string>;
  @Column({ type: 'text' }) status!: BidStatus;
  @Column({ name: 'screening_reasons', type: 'text', array: true }) screeningReasons!: string[];
  @Column({ name: 'screened_by', type: 'text', nullable: true }) screenedBy!: string | null;
  @Column({ name: 'screened_at', type: 'timestamptz', nullable: true }) screenedAt!: Date | null;
  /** Who submitted: messages about the bid go to them. */
  @Column({ name: 'contact_name', type: 'text', nullable: true }) contactName!: string | null;
  @Column({ name: 'contact_email', type: 'text', nullable: true }) contactEmail!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'awarded_pence', type: 'bigint', nullable: true, transformer: bigintToNumber }) awardedPence!: number | null;
  /** When the awards event behind the current status happened; orders events that arrive out of order. */
  @Column({ name: 'awards_event_at', type: 'timestamptz', nullable: true }) awardsEventAt!: Date | null;
  /** A reconsideration of the decision asked for: requested, then upheld or overturned (awards reviews it). */
  @Column({ name: 'reconsideration_status', type: 'text', nullable: true }) reconsiderationStatus!: 'requested' | 'upheld' | 'overturned' | null;
  @Column({ name: 'reconsideration_reason', type: 'text', nullable: true }) reconsiderationReason!: string | null;
  @Column({ name: 'reconsideration_at', type: 'timestamptz', nullable: true }) reconsiderationAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
}
