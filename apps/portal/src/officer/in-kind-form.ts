import { SUPPORT_LOTS } from '@mutuals/contracts';
import type { Apis } from '../api/apis';
import type { Page } from '../api/applications.types';
import type { SupportPackageView } from '../api/awards.types';
import type { SignedInUser } from '../auth/personas';
import type { FormErrors } from '../forms/api-errors';
import { parseDate, text } from '../forms/form-values';
import { lotInSentence, lotName } from '../pages/format';

/** The framework's lots, for a form's rows. */
export const LOT_CHOICES = SUPPORT_LOTS.map((lot) => ({ lot, name: lotName(lot) }));

export interface InKindRequest {
  supplierId: string;
  lots: { lot: string; days: number }[];
  startOn: string;
  endOn: string;
}

/**
 * The support-in-kind part of the decision form: a supplier, days in each of its lots, and the
 * dates the support runs. Left empty, the approval is cash alone; started, it must be complete.
 */
export function readInKind(body: Record<string, unknown>): { values: Record<string, string>; given: boolean; request?: InKindRequest; errors: FormErrors } {
  const values: Record<string, string> = { inKindSupplier: text(body.inKindSupplier) };
  for (const name of [...SUPPORT_LOTS.map((lot) => `inKind-${lot}-days`), ...['inKindStart', 'inKindEnd'].flatMap((d) => [`${d}-day`, `${d}-month`, `${d}-year`])]) values[name] = text(body[name]);
  const given = Object.values(values).some(Boolean);
  const errors: FormErrors = {};
  if (!given) return { values, given, errors };
  if (!values.inKindSupplier) errors.inKindSupplier = 'Select the supplier of the support in kind';
  const lots: InKindRequest['lots'] = [];
  for (const lot of SUPPORT_LOTS) {
    const raw = values[`inKind-${lot}-days`];
    if (!raw) continue;
    if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1) errors[`inKind-${lot}-days`] = `Enter the days of ${lotInSentence(lot)} as a whole number, like 10`;
    else lots.push({ lot, days: Number(raw) });
  }
  if (lots.length === 0 && !SUPPORT_LOTS.some((lot) => errors[`inKind-${lot}-days`])) errors[`inKind-${SUPPORT_LOTS[0]}-days`] = 'Enter the days of support in at least one lot';
  const dates = { inKindStart: 'starts', inKindEnd: 'ends' } as const;
  const parsed: Record<string, string | undefined> = {};
  for (const [field, verb] of Object.entries(dates)) {
    const parts = [values[`${field}-day`], values[`${field}-month`], values[`${field}-year`]];
    parsed[field] = parseDate(...(parts as [string, string, string]));
    if (!parts.some(Boolean)) errors[field] = `Enter the date the support ${verb}`;
    else if (!parsed[field]) errors[field] = `The date the support ${verb} must be a real date, like 27 3 2027`;
  }
  if (parsed.inKindStart && parsed.inKindEnd && parsed.inKindEnd < parsed.inKindStart) errors.inKindEnd = 'The date the support ends must be on or after the date it starts';
  if (Object.keys(errors).length > 0) return { values, given, errors };
  return { values, given, errors, request: { supplierId: values.inKindSupplier, lots, startOn: parsed.inKindStart!, endOn: parsed.inKindEnd! } };
}

/** The support package awarded with a case, if any. */
export async function packageOfCase(apis: Apis, user: SignedInUser, caseId: string): Promise<SupportPackageView | undefined> {
  return (await apis.awards.get<Page<SupportPackageView>>(user, '/support-packages', { caseId, pageSize: 1 })).items[0];
}
