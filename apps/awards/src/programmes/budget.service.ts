import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BudgetCommittedChanged, BudgetThresholdReached, ProgrammeKind } from '@mutuals/contracts';
import { DomainError, formatPence } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';

export type { ProgrammeKind } from '@mutuals/contracts';

/** Officers are alerted once when commitments reach this share of a budget. */
export const ALERT_THRESHOLD_PERCENT = 90;

interface CommitmentRow {
  kind: ProgrammeKind;
  budget_pence: string;
  committed_pence: string;
  commitment_revision: string;
  updated_at: Date;
}

/** Budgets of programmes and funds: commitments only ever move by conditional updates, so they never pass the budget. */
@Injectable()
export class BudgetService {
  constructor(private readonly events: EventPublisher) {}

  /** A programme row to hang cases on before its settings arrive; its budget is 0 until then. */
  async ensureProgramme(m: EntityManager, programmeId: string, kind: ProgrammeKind, schemeId: string): Promise<void> {
    await m.query(`insert into programmes (id, kind, name) values ($1, $2, $3) on conflict do nothing`, [programmeId, kind, `Programme ${programmeId.slice(0, 8)} (settings awaited)`]);
    await m.query(`insert into schemes (id, programme_id, name) values ($1, $2, $3) on conflict do nothing`, [schemeId, programmeId, `Round ${schemeId.slice(0, 8)} (settings awaited)`]);
  }

  /**
   * Commits an approval against the budget, or refuses with what remains; concurrent commits queue on
   * the row. A budget lowered below what is committed (the owner's change crossed an approval in
   * flight) refuses everything until it is raised again or commitments are freed.
   */
  async commit(m: EntityManager, programmeId: string, amountPence: number): Promise<void> {
    const [rows] = await m.query(
      `update programmes set committed_pence = committed_pence + $1, commitment_revision = commitment_revision + 1, updated_at = now()
       where id = $2 and committed_pence + $1 <= budget_pence
       returning kind, name, budget_pence, committed_pence, commitment_revision, updated_at,
         threshold_alerted_at is null and budget_pence > 0 and committed_pence * 100 >= budget_pence * $3 as threshold_due`,
      [amountPence, programmeId, ALERT_THRESHOLD_PERCENT],
    );
    if (rows.length === 0) {
      const [p] = await m.query('select name, budget_pence, committed_pence from programmes where id = $1', [programmeId]);
      const budget = Number(p.budget_pence);
      const committed = Number(p.committed_pence);
      const remaining = Math.max(0, budget - committed);
      const message =
        committed > budget
          ? `${p.name} is over-committed: ${formatPence(committed)} is committed against a budget lowered to ${formatPence(budget)}, so nothing more can be approved`
          : `Approving ${formatPence(amountPence)} would overspend ${p.name}: only ${formatPence(remaining)} of its ${formatPence(budget)} budget remains`;
      throw new DomainError('conflict', 'budget-exceeded', message, { remainingPence: remaining, budgetPence: budget, committedPence: committed, requestedPence: amountPence });
    }
    await this.announce(m, programmeId, rows[0]);
    // Every approval in the programme queues on this row until its transaction commits: the alert's
    // statement runs only for the approval that crosses the threshold, not under every other one.
    if (!rows[0].threshold_due) return;
    const [alerted] = await m.query(
      `update programmes set threshold_alerted_at = now()
       where id = $1 and threshold_alerted_at is null and committed_pence * 100 >= budget_pence * $2 and budget_pence > 0
       returning name, budget_pence, committed_pence, threshold_alerted_at`,
      [programmeId, ALERT_THRESHOLD_PERCENT],
    );
    if (alerted.length > 0) {
      const p = alerted[0];
      await this.events.publish(m, BudgetThresholdReached, programmeId, {
        programmeId,
        programmeName: p.name,
        budgetPence: Number(p.budget_pence),
        committedPence: Number(p.committed_pence),
        thresholdPercent: ALERT_THRESHOLD_PERCENT,
        reachedAt: new Date(p.threshold_alerted_at).toISOString(),
      });
    }
  }

  /** Frees a commitment (declined, lapsed, withdrawn, clawed back). */
  async release(m: EntityManager, programmeId: string, amountPence: number): Promise<void> {
    if (amountPence === 0) return;
    const [rows] = await m.query(
      `update programmes set committed_pence = committed_pence - $1, commitment_revision = commitment_revision + 1, updated_at = now()
       where id = $2 returning kind, budget_pence, committed_pence, commitment_revision, updated_at`,
      [amountPence, programmeId],
    );
    await this.announce(m, programmeId, rows[0]);
  }

  /**
   * Tells the budget's owner (intake for programmes, applications for funds) what is committed, so it
   * refuses to lower the budget below it. The whole figure with a revision, not the change: the owner
   * keeps the newest and needs to know nothing of how awards counts commitments (approvals, declines,
   * lapses, withdrawals and clawbacks each free money differently).
   */
  private async announce(m: EntityManager, programmeId: string, row: CommitmentRow): Promise<void> {
    await this.events.publish(m, BudgetCommittedChanged, programmeId, {
      programmeId,
      kind: row.kind,
      committedPence: Number(row.committed_pence),
      budgetPence: Number(row.budget_pence),
      revision: Number(row.commitment_revision),
      changedAt: new Date(row.updated_at).toISOString(),
    });
  }

  /** Money out (positive) or recovered (negative). */
  async recordPaid(m: EntityManager, programmeId: string, amountPence: number): Promise<void> {
    await m.query('update programmes set paid_pence = paid_pence + $1, updated_at = now() where id = $2', [amountPence, programmeId]);
  }
}
