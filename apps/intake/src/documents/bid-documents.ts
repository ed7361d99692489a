import type { DocumentTable } from '@mutuals/documents';

/** Where a bid's attachments are kept; the screening event lists them. */
export const BID_DOCUMENTS: DocumentTable = { table: 'bid_documents', ownerColumn: 'bid_id', keyPrefix: 'bids/' };
