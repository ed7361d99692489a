import { MigrationInterface, QueryRunner } from 'typeorm';
import { documentTableSql } from '@mutuals/documents';
import { BID_DOCUMENTS } from '../documents/bid-documents';

/** Documents attached to bids (their bytes in the document store), and the types each round accepts. */
export class BidDocuments1796020800000 implements MigrationInterface {
  name = 'BidDocuments1796020800000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of documentTableSql(BID_DOCUMENTS, 'bids (id)')) await q.query(sql);
    await q.query(`alter table rounds add column allowed_document_types text[] not null default '{pdf,docx,xlsx,odt,ods,csv}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table rounds drop column allowed_document_types');
    await q.query('drop table bid_documents');
  }
}
