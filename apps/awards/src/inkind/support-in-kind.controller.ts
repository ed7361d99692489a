import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { Page, PageQuery, UuidPipe } from '@mutuals/http';
import { ClosePackageDto, DeliveryReportDto, InvoiceDto, SupplierDto, SupplierPage, SupplierView, SupportPackagePage, SupportPackageQuery, SupportPackageView } from './inkind.dto';
import { SupportInKindService } from './support-in-kind.service';

/**
 * Suppliers have no accounts: they send reports and invoices under their framework contract and an
 * officer records them, so every entry names the officer who took it.
 */
@ApiTags('support in kind')
@ApiBearerAuth()
@Controller()
@Roles('programme_officer')
export class SupportInKindController {
  constructor(private readonly inKind: SupportInKindService) {}

  @Post('suppliers')
  @ApiOperation({ summary: 'Add a supplier to the framework: its lots, day rates (pence), capacity (days) and declared conflicts' })
  @ApiCreatedResponse({ type: SupplierView })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: SupplierDto): Promise<SupplierView> {
    return this.inKind.saveSupplier(user, null, body);
  }

  @Put('suppliers/:id')
  @ApiOperation({ summary: "Change a supplier's details and lots (the whole list); conflicts are added to those declared" })
  @ApiOkResponse({ type: SupplierView })
  update(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: SupplierDto): Promise<SupplierView> {
    return this.inKind.saveSupplier(user, id, body);
  }

  @Get('suppliers')
  @ApiOperation({ summary: 'The framework: every supplier by name, each lot with its day rate, capacity and days still available' })
  @ApiOkResponse({ type: SupplierPage })
  suppliers(@Query() query: PageQuery): Promise<Page<SupplierView>> {
    return this.inKind.supplierPage(query);
  }

  @Get('suppliers/:id')
  @ApiOperation({ summary: 'A supplier with its lots and conflicts' })
  @ApiOkResponse({ type: SupplierView })
  supplier(@Param('id', UuidPipe) id: string): Promise<SupplierView> {
    return this.inKind.supplier(id);
  }

  @Get('support-packages')
  @ApiOperation({ summary: 'Support packages awarded in kind, newest first: all, or those of a case, a supplier, a programme or a status' })
  @ApiOkResponse({ type: SupportPackagePage })
  packages(@Query() query: SupportPackageQuery): Promise<Page<SupportPackageView>> {
    return this.inKind.list(query, query);
  }

  @Get('support-packages/:id')
  @ApiOperation({ summary: 'A support package: lots, days delivered, invoiced, paid and what is left, with its reports and invoices' })
  @ApiOkResponse({ type: SupportPackageView })
  get(@Param('id', UuidPipe) id: string): Promise<SupportPackageView> {
    return this.inKind.get(id);
  }

  @Post('support-packages/:id/reports')
  @HttpCode(200)
  @ApiOperation({ summary: "Record the supplier's delivery report (days delivered in a lot, and what was done)" })
  @ApiOkResponse({ type: SupportPackageView })
  report(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: DeliveryReportDto): Promise<SupportPackageView> {
    return this.inKind.report(user, id, body);
  }

  @Post('support-packages/:id/invoices')
  @HttpCode(200)
  @ApiOperation({ summary: "Record the supplier's invoice; refused beyond what is left of the package's value" })
  @ApiOkResponse({ type: SupportPackageView })
  invoice(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: InvoiceDto): Promise<SupportPackageView> {
    return this.inKind.invoice(user, id, body);
  }

  @Post('support-packages/:id/invoices/:invoiceId/pay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve and pay an invoice (once): its amount is paid from the programme budget' })
  @ApiOkResponse({ type: SupportPackageView })
  pay(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Param('invoiceId', UuidPipe) invoiceId: string): Promise<SupportPackageView> {
    return this.inKind.pay(user, id, invoiceId);
  }

  @Post('support-packages/:id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a package early: no more invoices; what was not invoiced returns to the budget' })
  @ApiOkResponse({ type: SupportPackageView })
  close(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Body() body: ClosePackageDto): Promise<SupportPackageView> {
    return this.inKind.close(user, id, body);
  }
}
