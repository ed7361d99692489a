import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BudgetCommittedChanged, BudgetThresholdReached, ProgrammeKind } from '@mutuals/contracts';
import { DomainError, formatPence } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';

export type { ProgrammeKind } from '@mutuals/contracts';

/** Officers are alerted once when commitments reach this share of a budget. */
export const ALERT_THRESHOLD_PERCENT = 90;

/**
 * Moves a programme's commitment by $1 (negative frees it) where `guard` allows, and in the same
 * statement writes its BudgetCommittedChanged outbox row ($4-$7, envelope without data) with the
 * moved row's figures: every approval in the programme queues on this row until its transaction
 * commits, so the event costs no round trip of its own under the lock. No row moved, no event.
 * `changedAt` is formatted as `Date.toISOString` would (milliseconds, truncated, UTC).
 */
const moveCommitment = (guard: string) => `
  with moved as (
    update programmes set committed_pence = committed_pence + $1, commitment_revision = commitment_revision + 1, updated_at = now()
    where id = $2 ${guard}
    returning id, kind, budget_pence, committed_pence, commitment_revision, updated_at,
      threshold_alerted_at is null and budget_pence > 0 and committed_pence * 100 >= budget_pence * $3 as threshold_due
  ), announced as (
    insert into outbox_messages (event_id, topic, message_key, envelope)
    select $4::uuid, $5::text, $6::text, $7::jsonb || jsonb_build_object('data', jsonb_build_object(
      'programmeId', id, 'kind', kind, 'committedPence', committed_pence, 'budgetPence', budget_pence, 'revision', commitment_revision,
      'changedAt', to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
    from moved
  )
  select threshold_due from moved`;
const COMMIT_SQL = moveCommitment('and committed_pence + $1 <= budget_pence');
const RELEASE_SQL = moveCommitment('');

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
    const rows = await this.moveAndAnnounce(m, COMMIT_SQL, programmeId, amountPence);
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
    await this.moveAndAnnounce(m, RELEASE_SQL, programmeId, -amountPence);
  }

  /**
   * Tells the budget's owner (intake for programmes, applications for funds) what is committed, so it
   * refuses to lower the budget below it. The whole figure with a revision, not the change: the owner
   * keeps the newest and needs to know nothing of how awards counts commitments (approvals, declines,
   * lapses, withdrawals and clawbacks each free money differently).
   */
  private moveAndAnnounce(m: EntityManager, sql: string, programmeId: string, changePence: number): Promise<{ threshold_due: boolean }[]> {
    return this.events.publishFrom(m, BudgetCommittedChanged, programmeId, (row) => m.query(sql, [changePence, programmeId, ALERT_THRESHOLD_PERCENT, ...row]));
  }

  /** Money out (positive) or recovered (negative). */
  async recordPaid(m: EntityManager, programmeId: string, amountPence: number): Promise<void> {
    await m.query('update programmes set paid_pence = paid_pence + $1, updated_at = now() where id = $2', [amountPence, programmeId]);
  }
}
