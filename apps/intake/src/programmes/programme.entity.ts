import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '@mutuals/persistence';

@Entity('programmes')
export class ProgrammeEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text', unique: true }) code!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text', array: true }) departments!: string[];
  @Column({ name: 'budget_pence', type: 'bigint', transformer: bigintToNumber }) budgetPence!: number;
  /** The legal power under which the department may pay these grants. */
  @Column({ name: 'legal_power', type: 'text' }) legalPower!: string;
  /** The scheme's reference in the government grants information system. */
  @Column({ name: 'grants_scheme_reference', type: 'text' }) grantsSchemeReference!: string;
  @Column({ name: 'senior_responsible_officer', type: 'text' }) seniorResponsibleOfficer!: string;
  /** Goes up on every change; consumers keep the latest. */
  @Column({ type: 'int' }) revision!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
