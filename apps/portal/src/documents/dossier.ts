import type { Response } from 'express';
import { Apis } from '../api/apis';
import type { DossierView } from '../api/awards.types';
import type { SignedInUser } from '../auth/personas';
import { sendDownload } from './document-pages';

const PROFILE_LABELS: [string, string][] = [
  ['type', 'Type of organisation'],
  ['legalForm', 'Legal form'],
  ['companiesHouseNumber', 'Companies House number'],
  ['charityNumber', 'Charity number'],
  ['societyNumber', 'Society number'],
  ['staffCount', 'Staff'],
  ['servicesInScope', 'Services in scope'],
  ['spinOutStage', 'Spin-out stage'],
  ['employeeSharePercent', 'Owned by employees (%)'],
  ['parentBodySharePercent', 'Owned by the parent body (%)'],
  ['partnerSharePercent', 'Owned by partners (%)'],
  ['tradingStartDate', 'Trading since'],
  ['stillOnOriginalContract', 'Still on its original contract'],
];

/** The organisation's profile as summary-list rows, leaving out what it did not give. */
export function profileRows(dossier: DossierView): { key: { text: string }; value: { text: string } }[] {
  const p = dossier.organisationProfile ?? {};
  const shown = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v).replace(/-/g, ' '));
  return PROFILE_LABELS.filter(([k]) => p[k] !== null && p[k] !== undefined && !(Array.isArray(p[k]) && (p[k] as unknown[]).length === 0)).map(([k, label]) => ({ key: { text: label }, value: { text: shown(p[k]) } }));
}

/**
 * An attachment of a dossier the caller has just been allowed to read (awards answered 404 otherwise),
 * fetched from the service holding the bytes with a token naming this one document.
 */
export async function sendDossierDocument(apis: Apis, res: Response, user: SignedInUser, dossier: DossierView, documentId: string): Promise<void> {
  const document = dossier.documents.find((d) => d.documentId === documentId);
  if (!document) return void res.status(404).render('errors/not-found.njk');
  const owner = dossier.source === 'application' ? apis.applications : apis.intake;
  const path = dossier.source === 'application' ? `/applications/${dossier.sourceId}/documents/${documentId}/content` : `/bids/${dossier.sourceId}/documents/${documentId}/content`;
  await sendDownload(res, await owner.download({ ...user, documentId }, path), document);
}
