import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface SeededMutual {
  name: string;
  sector: string;
  region?: string | null;
  /** The parent body's kind, and the commissioning body's once launched. */
  kind: string;
  route?: string | null;
  /** Every stage entered, in order: the last is the current stage. */
  stages: [stage: string, enteredOn: string][];
  launchedOn?: string;
  staff?: number;
  contractPence?: number;
  /** Cases, bids and other records the mutual is linked to. */
  links?: { kind: string; refId: string }[];
}

/**
 * Writes register rows straight into awards' tables, as the register would leave them, for tests
 * of what reads them: the mutual, every stage it entered, its launch figures and its links.
 */
export async function seedMutual(db: DataSource, m: SeededMutual): Promise<string> {
  const id = randomUUID();
  const [stage, enteredOn] = m.stages[m.stages.length - 1];
  const launched = m.launchedOn !== undefined;
  await db.transaction(async (t) => {
    await t.query(
      `insert into mutuals (id, reference, name, parent_body, parent_body_kind, sector, region, stage, stage_entered_on, route, launched_on,
         legal_form, staff_count, contract_value_pence, contract_months, commissioning_body, commissioning_body_kind, registered_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'test-officer')`,
      [
        id, `MUT-${id.slice(0, 8)}`, m.name, `Parent of ${m.name}`, m.kind, m.sector, m.region ?? null, stage, enteredOn, m.route ?? null, m.launchedOn ?? null,
        launched ? 'cic' : null, launched ? m.staff : null, launched ? m.contractPence : null, launched ? 60 : null, launched ? `Commissioner of ${m.name}` : null, launched ? m.kind : null,
      ],
    );
    for (const [s, on] of m.stages) {
      await t.query(`insert into mutual_stages (id, mutual_id, stage, entered_on, evidence, recorded_by) values ($1, $2, $3, $4, 'Seeded for a test', 'test-officer')`, [randomUUID(), id, s, on]);
    }
    if (launched) {
      await t.query(`insert into mutual_figures (id, mutual_id, as_of, staff_count, contract_value_pence, source, recorded_by) values ($1, $2, $3, $4, $5, 'launch', 'test-officer')`, [
        randomUUID(), id, m.launchedOn, m.staff, m.contractPence,
      ]);
    }
    for (const link of m.links ?? []) await t.query(`insert into mutual_links (mutual_id, kind, ref_id) values ($1, $2, $3)`, [id, link.kind, link.refId]);
  });
  return id;
}
