import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * created -> sending (claimed under a lease) -> sent (the provider accepted it) -> delivered (its
 * receipt says so); or temporary-failure (retried with backoff, a bounded number of times) or
 * permanent-failure (with the reason).
 */
export const DELIVERY_STATUSES = ['created', 'sending', 'sent', 'delivered', 'temporary-failure', 'permanent-failure'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

@Entity('deliveries')
export class DeliveryEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: string;
  @Column({ name: 'template_id', type: 'text' }) templateId!: string;
  @Column({ name: 'template_version', type: 'integer' }) templateVersion!: number;
  /** Email address; empty when the event named none (a permanent failure). */
  @Column({ type: 'text' }) recipient!: string;
  @Column({ type: 'jsonb' }) personalisation!: Record<string, string>;
  /** The application, bid, case, award, round or programme the message is about. */
  @Column({ name: 'subject_id', type: 'text' }) subjectId!: string;
  @Column({ type: 'text' }) status!: DeliveryStatus;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz' }) nextAttemptAt!: Date;
  @Column({ type: 'text', nullable: true }) channel!: string | null;
  @Column({ name: 'provider_id', type: 'text', nullable: true }) providerId!: string | null;
  @Column({ name: 'failure_reason', type: 'text', nullable: true }) failureReason!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  /** W3C Trace Context of the work that queued the message (none when tracing is off), for the send's span. */
  @Column({ type: 'text', nullable: true }) traceparent!: string | null;
  @Column({ type: 'text', nullable: true }) tracestate!: string | null;
}
