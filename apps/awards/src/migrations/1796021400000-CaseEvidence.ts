import { MigrationInterface, QueryRunner } from 'typeorm';
import { documentTableSql } from '@mutuals/documents';
import { CASE_EVIDENCE } from '../evidence/case-evidence';

/** Due-diligence evidence officers attach to a case (its bytes in the document store). */
export class CaseEvidence1796021400000 implements MigrationInterface {
  name = 'CaseEvidence1796021400000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of documentTableSql(CASE_EVIDENCE, 'cases (id)')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table case_documents');
  }
}
