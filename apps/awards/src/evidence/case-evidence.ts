import type { DocumentTable } from '@mutuals/documents';

/** Officers' due-diligence evidence, kept with the case it was gathered for. */
export const CASE_EVIDENCE: DocumentTable = { table: 'case_documents', ownerColumn: 'case_id', keyPrefix: 'cases/' };
