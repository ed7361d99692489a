import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PartnerAnswer } from './partner-consent';

/** A partner authority named in a joint bid, and its answer: who gave it, when, and why. */
@Entity('bid_partners')
export class BidPartnerEntity {
  @PrimaryColumn({ name: 'bid_id', type: 'uuid' }) bidId!: string;
  @PrimaryColumn({ name: 'authority_code', type: 'text' }) authorityCode!: string;
  @Column({ type: 'text' }) answer!: PartnerAnswer;
  @Column({ name: 'invited_at', type: 'timestamptz' }) invitedAt!: Date;
  @Column({ name: 'answered_by', type: 'text', nullable: true }) answeredBy!: string | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt!: Date | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
}
