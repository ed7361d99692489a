import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BudgetThresholdReached } from '@mutuals/contracts';
import { DomainError, formatPence } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';

/** Officers are alerted once when commitments reach this share of a budget. */
export const ALERT_THRESHOLD_PERCENT = 90;

export type ProgrammeKind = 'bid-programme' | 'fund';

/** Budgets of programmes and funds: commitments only ever move by conditional updates, so they never pass the budget. */
@Injectable()
export class BudgetService {
  constructor(private readonly events: EventPublisher) {}

  /** A programme row to hang cases on before its settings arrive; its budget is 0 until then. */
  async ensureProgramme(m: EntityManager, programmeId: string, kind: ProgrammeKind, schemeId: string): Promise<void> {
    await m.query(`insert into programmes (id, kind, name) values ($1, $2, $3) on conflict do nothing`, [programmeId, kind, `Programme ${programmeId.slice(0, 8)} (settings awaited)`]);
    await m.query(`insert into schemes (id, programme_id, name) values ($1, $2, $3) on conflict do nothing`, [schemeId, programmeId, `Round ${schemeId.slice(0, 8)} (settings awaited)`]);
  }

  /** Commits an approval against the budget, or refuses with what remains; concurrent commits queue on the row. */
  async commit(m: EntityManager, programmeId: string, amountPence: number): Promise<void> {
    const [rows] = await m.query(
      `update programmes set committed_pence = committed_pence + $1, updated_at = now()
       where id = $2 and committed_pence + $1 <= budget_pence
       returning name, budget_pence, committed_pence, threshold_alerted_at`,
      [amountPence, programmeId],
    );
    if (rows.length === 0) {
      const [p] = await m.query('select name, budget_pence, committed_pence from programmes where id = $1', [programmeId]);
      const remaining = Number(p.budget_pence) - Number(p.committed_pence);
      throw new DomainError(
        'conflict',
        'budget-exceeded',
        `Approving ${formatPence(amountPence)} would overspend ${p.name}: only ${formatPence(remaining)} of its ${formatPence(Number(p.budget_pence))} budget remains`,
        { remainingPence: remaining, budgetPence: Number(p.budget_pence), requestedPence: amountPence },
      );
    }
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

  /** Frees a commitment (declined, lapsed, clawed back). */
  async release(m: EntityManager, programmeId: string, amountPence: number): Promise<void> {
    await m.query('update programmes set committed_pence = committed_pence - $1, updated_at = now() where id = $2', [amountPence, programmeId]);
  }

  /** Money out (positive) or recovered (negative). */
  async recordPaid(m: EntityManager, programmeId: string, amountPence: number): Promise<void> {
    await m.query('update programmes set paid_pence = paid_pence + $1, updated_at = now() where id = $2', [amountPence, programmeId]);
  }
}
