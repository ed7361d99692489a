import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SUPPORT_LOTS } from '@mutuals/contracts';
import { Apis } from '../api/apis';
import type { Page } from '../api/applications.types';
import type { ProgrammeView, SupplierView, SupportPackageView } from '../api/awards.types';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { formErrorsFrom, FormErrors } from '../forms/api-errors';
import { CONFLICT_KINDS, readConflict } from '../forms/conflict-fields';
import { oneOf, parseDays, parsePounds, text, wholeNumber } from '../forms/form-values';
import { redirectWithFlash } from '../pages/flash';
import { lotInSentence } from '../pages/format';
import { pageNumber, paginationFor } from '../pages/pagination';
import { PageId } from '../pages/params';
import { LOT_CHOICES } from './in-kind-form';

const PAGE_SIZE = 20;
const PACKAGE_STATUSES = ['active', 'completed', 'closed'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Support in kind for programme officers: the framework of suppliers (their lots, day rates,
 * capacity and conflicts) and the packages awarded from it. Suppliers have no accounts, so their
 * delivery reports and invoices are recorded here by an officer, who then pays or closes.
 */
@Controller('officer')
@PageFor('officer')
export class OfficerSupportController {
  constructor(@Inject(Apis) private readonly apis: Apis) {}

  @Get('suppliers')
  async suppliers(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const page = pageNumber(query.page);
    const result = await this.apis.awards.get<Page<SupplierView>>(userOf(req), '/suppliers', { page, pageSize: PAGE_SIZE });
    res.render('officer/suppliers.njk', { suppliers: result.items, total: result.total, pagination: paginationFor(result.total, page, PAGE_SIZE, '/officer/suppliers', {}) });
  }

  @Get('suppliers/new')
  newSupplier(@Res() res: Response) {
    this.renderSupplierForm(res, {});
  }

  @Post('suppliers/new')
  async registerSupplier(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const { values, supplier, errors } = readSupplier(body);
    if (Object.keys(errors).length > 0) return this.renderSupplierForm(res, values, errors);
    let saved: SupplierView;
    try {
      saved = await this.apis.awards.post<SupplierView>(userOf(req), '/suppliers', supplier);
    } catch (err) {
      return this.renderSupplierForm(res, values, formErrorsFrom(err, (f) => supplierField(f, supplier.lots), 'name'));
    }
    await redirectWithFlash(req, res, `/officer/suppliers/${saved.id}`, `${saved.name} is on the framework`);
  }

  private renderSupplierForm(res: Response, values: Record<string, string>, errors?: FormErrors) {
    res.status(errors ? 400 : 200).render('officer/supplier-new.njk', {
      values,
      errors,
      lots: LOT_CHOICES,
      conflictKinds: CONFLICT_KINDS.map((k) => ({ ...k, selected: k.value === values.conflictKind })),
      backLink: '/officer/suppliers',
    });
  }

  @Get('suppliers/:id')
  async supplier(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Query() query: Record<string, unknown>) {
    const user = userOf(req);
    const page = pageNumber(query.page);
    const [supplier, packages] = await Promise.all([
      this.apis.awards.get<SupplierView>(user, `/suppliers/${id}`),
      this.apis.awards.get<Page<SupportPackageView>>(user, '/support-packages', { supplierId: id, page, pageSize: PAGE_SIZE }),
    ]);
    res.render('officer/supplier.njk', { supplier, packages: packages.items, total: packages.total, pagination: paginationFor(packages.total, page, PAGE_SIZE, `/officer/suppliers/${id}`, {}), backLink: '/officer/suppliers' });
  }

  @Get('support-packages')
  async packages(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const user = userOf(req);
    const [programmes, suppliers] = await Promise.all([this.apis.awards.all<ProgrammeView>(user, '/programmes'), this.apis.awards.all<SupplierView>(user, '/suppliers')]);
    const filters = {
      status: oneOf(PACKAGE_STATUSES, query.status),
      supplierId: oneOf(suppliers.map((s) => s.id), query.supplierId),
      programmeId: oneOf(programmes.map((p) => p.id), query.programmeId),
    };
    const page = pageNumber(query.page);
    const result = await this.apis.awards.get<Page<SupportPackageView>>(user, '/support-packages', { ...filters, page, pageSize: PAGE_SIZE });
    res.render('officer/support-packages.njk', {
      packages: result.items,
      total: result.total,
      filters,
      statuses: PACKAGE_STATUSES,
      programmes,
      suppliers,
      pagination: paginationFor(result.total, page, PAGE_SIZE, '/officer/support-packages', filters),
    });
  }

  @Get('support-packages/:id')
  async package(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string) {
    await this.renderPackage(req, res, id, {});
  }

  private async renderPackage(req: Request, res: Response, id: string, values: Record<string, string>, errors?: FormErrors) {
    const pkg = await this.apis.awards.get<SupportPackageView>(userOf(req), `/support-packages/${id}`);
    res.status(errors ? 400 : 200).render('officer/support-package.njk', { pkg, values, errors, backLink: '/officer/support-packages' });
  }

  @Post('support-packages/:id/reports')
  async report(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { reportLot: oneOf(SUPPORT_LOTS, body.reportLot), reportDays: text(body.reportDays), reportSummary: text(body.reportSummary) };
    const errors: FormErrors = {};
    const days = parseDays(values.reportDays);
    if (!values.reportLot) errors.reportLot = 'Select the lot the days were delivered in';
    if (!values.reportDays) errors.reportDays = 'Enter the days delivered';
    else if (days === undefined) errors.reportDays = 'Enter the days delivered in whole or half days, like 2.5';
    if (!values.reportSummary) errors.reportSummary = 'Enter what the supplier did';
    else if (values.reportSummary.length > 4000) errors.reportSummary = 'What the supplier did must be 4,000 characters or fewer';
    if (Object.keys(errors).length > 0) return this.renderPackage(req, res, id, values, errors);
    try {
      await this.apis.awards.post(userOf(req), `/support-packages/${id}/reports`, { lot: values.reportLot, daysDelivered: days, summary: values.reportSummary });
    } catch (err) {
      return this.renderPackage(req, res, id, values, formErrorsFrom(err, (f) => ({ lot: 'reportLot', daysDelivered: 'reportDays', summary: 'reportSummary' })[f], 'reportLot'));
    }
    await redirectWithFlash(req, res, `/officer/support-packages/${id}`, 'The delivery report has been recorded');
  }

  @Post('support-packages/:id/invoices')
  async invoice(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { invoiceReference: text(body.invoiceReference), invoiceAmount: text(body.invoiceAmount), invoiceDays: text(body.invoiceDays) };
    const errors: FormErrors = {};
    const amountPence = parsePounds(values.invoiceAmount);
    const days = parseDays(values.invoiceDays);
    if (!values.invoiceReference) errors.invoiceReference = "Enter the supplier's invoice number";
    else if (values.invoiceReference.length > 100) errors.invoiceReference = 'The invoice number must be 100 characters or fewer';
    if (!values.invoiceAmount) errors.invoiceAmount = 'Enter the amount invoiced';
    else if (amountPence === undefined || amountPence < 1) errors.invoiceAmount = 'Enter the amount in pounds, like 3750';
    if (!values.invoiceDays) errors.invoiceDays = 'Enter the days invoiced';
    else if (days === undefined) errors.invoiceDays = 'Enter the days invoiced in whole or half days, like 5';
    if (Object.keys(errors).length > 0) return this.renderPackage(req, res, id, values, errors);
    try {
      await this.apis.awards.post(userOf(req), `/support-packages/${id}/invoices`, { supplierReference: values.invoiceReference, amountPence, days });
    } catch (err) {
      return this.renderPackage(req, res, id, values, formErrorsFrom(err, (f) => ({ supplierReference: 'invoiceReference', amountPence: 'invoiceAmount', days: 'invoiceDays' })[f], 'invoiceAmount'));
    }
    await redirectWithFlash(req, res, `/officer/support-packages/${id}`, `Invoice ${values.invoiceReference} has been recorded`);
  }

  @Post('support-packages/:id/invoices/:invoiceId/pay')
  async pay(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Param('invoiceId', PageId) invoiceId: string) {
    let pkg: SupportPackageView;
    try {
      pkg = await this.apis.awards.post<SupportPackageView>(userOf(req), `/support-packages/${id}/invoices/${invoiceId}/pay`);
    } catch (err) {
      return this.renderPackage(req, res, id, {}, formErrorsFrom(err, () => undefined, 'invoices'));
    }
    const invoice = pkg.invoices.find((i) => i.id === invoiceId);
    await redirectWithFlash(req, res, `/officer/support-packages/${id}`, invoice ? `Invoice ${invoice.supplierReference} has been paid` : 'The invoice has been paid');
  }

  @Post('support-packages/:id/close')
  async close(@Req() req: Request, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: Record<string, unknown>) {
    const values = { closeReason: text(body.closeReason) };
    if (!values.closeReason) return this.renderPackage(req, res, id, values, { closeReason: 'Enter why the package is closing' });
    if (values.closeReason.length > 2000) return this.renderPackage(req, res, id, values, { closeReason: 'The reason must be 2,000 characters or fewer' });
    try {
      await this.apis.awards.post(userOf(req), `/support-packages/${id}/close`, { reason: values.closeReason });
    } catch (err) {
      return this.renderPackage(req, res, id, values, formErrorsFrom(err, () => 'closeReason', 'closeReason'));
    }
    await redirectWithFlash(req, res, `/officer/support-packages/${id}`, 'The package has been closed');
  }
}

interface SupplierInput {
  name: string;
  companyNumber: string;
  contactName: string;
  contactEmail: string;
  lots: { lot: string; dayRatePence: number; capacityDays: number }[];
  conflicts: { kind: string; value: string; reason?: string }[];
}

/** The supplier form: a lot is taken when its day rate or capacity is given, and then needs both. */
export function readSupplier(body: Record<string, unknown>): { values: Record<string, string>; supplier: SupplierInput; errors: FormErrors } {
  const conflict = readConflict(body);
  const values: Record<string, string> = {
    name: text(body.name),
    companyNumber: text(body.companyNumber).toUpperCase().replace(/\s+/g, ''),
    contactName: text(body.contactName),
    contactEmail: text(body.contactEmail),
    ...conflict.values,
  };
  const errors: FormErrors = {};
  if (!values.name) errors.name = "Enter the supplier's name";
  else if (values.name.length > 200) errors.name = "The supplier's name must be 200 characters or fewer";
  if (!values.companyNumber) errors.companyNumber = 'Enter the Companies House number';
  else if (!/^[0-9A-Z]{8}$/.test(values.companyNumber)) errors.companyNumber = 'The Companies House number must be 8 letters or digits, like OC123456';
  if (!values.contactName) errors.contactName = 'Enter the name of the contact';
  else if (values.contactName.length > 200) errors.contactName = "The contact's name must be 200 characters or fewer";
  if (!values.contactEmail) errors.contactEmail = "Enter the contact's email address";
  else if (!EMAIL.test(values.contactEmail)) errors.contactEmail = 'Enter an email address in the correct format, like name@example.org';
  const lots: SupplierInput['lots'] = [];
  for (const lot of SUPPORT_LOTS) {
    const [rate, capacity] = [(values[`${lot}-rate`] = text(body[`${lot}-rate`])), (values[`${lot}-capacity`] = text(body[`${lot}-capacity`]))];
    if (!rate && !capacity) continue;
    const dayRatePence = parsePounds(rate);
    const capacityDays = wholeNumber(capacity);
    if (!rate) errors[`${lot}-rate`] = `Enter the day rate for ${lotInSentence(lot)}`;
    else if (dayRatePence === undefined || dayRatePence < 1) errors[`${lot}-rate`] = `Enter the day rate for ${lotInSentence(lot)} in pounds, like 750`;
    if (!capacity) errors[`${lot}-capacity`] = `Enter the days of ${lotInSentence(lot)} the supplier can deliver`;
    else if (capacityDays === undefined) errors[`${lot}-capacity`] = `Enter the days of ${lotInSentence(lot)} as a whole number, like 120`;
    if (dayRatePence && capacityDays !== undefined) lots.push({ lot, dayRatePence, capacityDays });
  }
  if (lots.length === 0 && !SUPPORT_LOTS.some((lot) => errors[`${lot}-rate`] || errors[`${lot}-capacity`])) errors[`${SUPPORT_LOTS[0]}-rate`] = 'Enter the day rate and capacity of at least one lot';
  if (conflict.error) errors.conflictKind = conflict.error;
  const { name, companyNumber, contactName, contactEmail } = values;
  return { values, supplier: { name, companyNumber, contactName, contactEmail, lots, conflicts: conflict.conflicts }, errors };
}

/** The service's field path (lots.0.dayRatePence) as the form field it came from. */
function supplierField(apiField: string, lots: SupplierInput['lots']): string | undefined {
  const lot = /^lots\.(\d+)\.(dayRatePence|capacityDays)$/.exec(apiField);
  if (lot) return `${lots[Number(lot[1])]?.lot}-${lot[2] === 'dayRatePence' ? 'rate' : 'capacity'}`;
  if (apiField.startsWith('conflicts')) return 'conflictValue';
  return ['name', 'companyNumber', 'contactName', 'contactEmail'].includes(apiField) ? apiField : undefined;
}
