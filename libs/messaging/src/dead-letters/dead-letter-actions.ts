import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetterAction, DeadLetterStatus } from './dead-letter';

export interface DeadLetterActionEntry {
  action: DeadLetterAction;
  actor: string;
  reason: string | null;
  at: string;
}

/** Serialises actions on one dead-letter topic, so two operators cannot replay or discard the same letter at once. */
const ACTIONS_LOCK = 7_313_003;

/** The audit of operators' actions on dead letters; a letter's latest action is its status. */
@Injectable()
export class DeadLetterActions {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async lockTopic(manager: EntityManager, topic: string): Promise<void> {
    await manager.query('select pg_advisory_xact_lock($1, hashtext($2))', [ACTIONS_LOCK, topic]);
  }

  async record(manager: EntityManager, ids: string[], action: DeadLetterAction, actor: string, reason: string | null): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `insert into dead_letter_actions (dead_letter_id, action, actor, reason)
       select id, $2, $3, $4 from unnest($1::text[]) with ordinality as t(id, n) order by n`,
      [ids, action, actor, reason],
    );
  }

  /** The status of each id; ids with no action are pending. */
  async statuses(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, DeadLetterStatus>> {
    const statuses = new Map<string, DeadLetterStatus>(ids.map((id) => [id, 'pending']));
    if (ids.length === 0) return statuses;
    const rows: { dead_letter_id: string; action: DeadLetterAction }[] = await manager.query(
      `select distinct on (dead_letter_id) dead_letter_id, action from dead_letter_actions
       where dead_letter_id = any($1::text[]) order by dead_letter_id, id desc`,
      [ids],
    );
    for (const row of rows) statuses.set(row.dead_letter_id, row.action);
    return statuses;
  }

  async history(id: string): Promise<DeadLetterActionEntry[]> {
    const rows: { action: DeadLetterAction; actor: string; reason: string | null; at: Date }[] = await this.dataSource.query(
      'select action, actor, reason, at from dead_letter_actions where dead_letter_id = $1 order by id',
      [id],
    );
    return rows.map((r) => ({ action: r.action, actor: r.actor, reason: r.reason, at: r.at.toISOString() }));
  }
}
