import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatedUser, hasRole } from '@mutuals/auth';
import { DomainError } from '@mutuals/domain';
import { DOCUMENT_STORE, DocumentChecks, documentList, DocumentListView, DocumentStore, DocumentType, RecordDocuments, StoredDocument, UploadedFile } from '@mutuals/documents';
import { recordChange } from '../audit';
import { BidsService } from '../bids/bids.service';
import { RoundEntity } from '../rounds/round.entity';
import { BID_DOCUMENTS } from './bid-documents';

/**
 * A bid's attachments: added and removed by the lead council while the bid is a draft, read by it
 * and officers, and by an assessor holding a token for that one document (asked for by the portal
 * once awards has said the assessor may see the case).
 */
@Injectable()
export class BidDocumentsService {
  private readonly documents: RecordDocuments;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bids: BidsService,
    checks: DocumentChecks,
    @Inject(DOCUMENT_STORE) store: DocumentStore,
  ) {
    this.documents = new RecordDocuments(BID_DOCUMENTS, dataSource, checks, store);
  }

  async list(user: AuthenticatedUser, bidId: string): Promise<DocumentListView> {
    const bid = await this.bids.get(user, bidId);
    const round = await this.dataSource.manager.findOne(RoundEntity, { where: { id: bid.roundId } });
    return documentList(await this.documents.list(bidId), this.documents.limits, round?.allowedDocumentTypes ?? []);
  }

  upload(user: AuthenticatedUser, bidId: string, file: UploadedFile | undefined): Promise<StoredDocument> {
    return this.documents.add(bidId, file, user.id, (m) => this.draft(user, bidId, m), (m, d) =>
      recordChange(m, { subjectType: 'bid', subjectId: bidId, action: 'document-added', actorId: user.id, detail: { documentId: d.id, name: d.name, sha256: d.sha256, sizeBytes: d.sizeBytes } }),
    );
  }

  remove(user: AuthenticatedUser, bidId: string, documentId: string): Promise<void> {
    return this.documents.remove(bidId, documentId, (m) => this.draft(user, bidId, m), (m, d) =>
      recordChange(m, { subjectType: 'bid', subjectId: bidId, action: 'document-removed', actorId: user.id, detail: { documentId: d.id, name: d.name } }),
    );
  }

  async download(user: AuthenticatedUser, bidId: string, documentId: string): Promise<{ document: StoredDocument; bytes: Buffer }> {
    if (user.documentId !== documentId || !hasRole(user, 'assessor')) await this.bids.get(user, bidId);
    return this.documents.read(bidId, documentId);
  }

  /** The lead council's draft, locked while its documents change (submission takes the same lock, so it lists them all). */
  private async draft(user: AuthenticatedUser, bidId: string, m: EntityManager): Promise<{ allowed: DocumentType[] }> {
    const bid = await this.bids.get(user, bidId, m, m !== this.dataSource.manager);
    if (bid.status !== 'draft') throw new DomainError('conflict', 'bid-not-editable', `Bid ${bid.reference} is ${bid.status}; attachments can only be changed while it is a draft`);
    const round = await m.findOne(RoundEntity, { where: { id: bid.roundId } });
    return { allowed: (round?.allowedDocumentTypes ?? []) as DocumentType[] };
  }
}
