import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BudgetCommittedChanged } from '@mutuals/contracts';
import { EventOf, OnEvent } from '@mutuals/messaging';

/**
 * What awards has committed on each bid programme, kept from its awards.budget.committed-changed
 * events: the whole figure with a revision, so the newest wins whatever the order or redelivery. A
 * local copy rather than a call to awards, so changing a programme never depends on awards being up;
 * a change racing an approval is caught by awards, which then reports the programme over-committed.
 */
@Injectable()
export class ProgrammeCommitments {
  // One upsert of a read model row: safe to share a transaction with the rest of a Kafka batch.
  @OnEvent(BudgetCommittedChanged, { batch: true })
  async onBudgetCommittedChanged({ data }: EventOf<typeof BudgetCommittedChanged>, m: EntityManager) {
    if (data.kind !== 'bid-programme') return;
    await m.query(
      `insert into programme_commitments (programme_id, committed_pence, revision, changed_at) values ($1, $2, $3, $4)
       on conflict (programme_id) do update set committed_pence = excluded.committed_pence, revision = excluded.revision, changed_at = excluded.changed_at
       where programme_commitments.revision < excluded.revision`,
      [data.programmeId, data.committedPence, data.revision, data.changedAt],
    );
  }

  /** Read under a share lock, so a commitment being recorded at this moment is waited for. */
  async committedOn(m: EntityManager, programmeId: string): Promise<number> {
    const [row] = await m.query('select committed_pence from programme_commitments where programme_id = $1 for share', [programmeId]);
    return row ? Number(row.committed_pence) : 0;
  }
}
