import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@mutuals/auth';
import { PageQuery, UuidPipe } from '@mutuals/http';
import { ContactChangePage, ContactPage, ContactQuery, ContactView, NewContactDto, RemoveContactQuery } from './contacts.dto';
import { ContactsRepository } from './contacts.repository';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsRepository) {}

  @Post()
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Add an officer (budget alerts) or a council contact (round openings and closing reminders)' })
  @ApiCreatedResponse({ type: ContactView })
  async add(@CurrentUser() user: AuthenticatedUser, @Body() body: NewContactDto): Promise<ContactView> {
    const { reason, ...contact } = body;
    return ContactView.of(await this.contacts.add(contact, { actor: user.id, reason }));
  }

  @Get()
  @Roles('programme_officer')
  @ApiOperation({ summary: 'The contacts notified of events, by kind; a page at a time, by kind, name and email' })
  @ApiOkResponse({ type: ContactPage })
  async list(@Query() query: ContactQuery): Promise<ContactPage> {
    const page = await this.contacts.page(query.kind, query);
    return { ...page, items: page.items.map(ContactView.of) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Remove a contact; messages already recorded for them are kept' })
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id', UuidPipe) id: string, @Query() query: RemoveContactQuery): Promise<void> {
    await this.contacts.remove(id, { actor: user.id, reason: query.reason });
  }

  @Get('changes')
  @Roles('programme_officer')
  @ApiOperation({ summary: 'Every addition to and removal from the contact lists: who, when and why; newest first, a page at a time' })
  @ApiOkResponse({ type: ContactChangePage })
  changes(@Query() query: PageQuery): Promise<ContactChangePage> {
    return this.contacts.changes(query);
  }
}
