import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ROLES, Role } from '@mutuals/auth';
import { SECTOR, SECTORS } from '@mutuals/domain';
import { PageFor } from '../auth/page-access';
import { userOf } from '../auth/personas';
import { FormErrors } from '../forms/api-errors';
import { list, oneOf, text } from '../forms/form-values';
import { redirectWithFlash } from '../pages/flash';
import { pageNumber, paginationFor } from '../pages/pagination';
import { DirectoryRuleError, DirectoryRules, DirectoryUser, USER_STATUSES } from './directory-rules';
import { Actor, DirectoryService } from './directory.service';

const PAGE_SIZE = 20;

export const ROLE_NAMES: Record<Role, string> = { applicant: 'Applicant', assessor: 'Assessor', programme_officer: 'Programme officer', admin: 'Admin' };
const ROLE_HINTS: Record<Role, string> = {
  applicant: 'Applies for support for an organisation, or bids for a council',
  assessor: 'Scores the applications and bids allocated to them',
  programme_officer: 'Runs programmes and rounds, decides, pays and tracks awards',
  admin: 'Invites users, changes their roles and deactivates them; looks after dead letters',
};

/** The form's fields, as typed. */
interface MembershipValues {
  roles: string[];
  organisationId: string;
  authorityCode: string;
  expertise: string[];
}

function membershipValues(body: Record<string, unknown>): MembershipValues {
  return { roles: list(body.roles), organisationId: text(body.organisationId), authorityCode: text(body.authorityCode).toUpperCase(), expertise: list(body.expertise) };
}

/**
 * Runs each check and gathers what they refuse, a message per field (the first for each), so a
 * form shows every problem at once as the Design System asks.
 */
function gather(checks: (() => unknown)[], fieldIds: Record<string, string> = {}): FormErrors {
  const errors: FormErrors = {};
  for (const check of checks) {
    try {
      check();
    } catch (err) {
      if (!(err instanceof DirectoryRuleError)) throw err;
      errors[fieldIds[err.field] ?? err.field] ??= err.message;
    }
  }
  return errors;
}

const actorOf = (req: Request): Actor => {
  const user = userOf(req);
  return { id: user.id, name: user.name };
};

/**
 * User administration for admins: the directory's users, inviting someone, changing what they may
 * do and deactivating them, each with a reason that goes into the user's history.
 */
@Controller('admin/users')
@PageFor('admin')
export class UsersController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  async list(@Res() res: Response, @Query() query: Record<string, unknown>) {
    const filters = { role: oneOf(ROLES, query.role), status: oneOf(USER_STATUSES, query.status) };
    const page = pageNumber(query.page);
    const result = await this.directory.list({ role: (filters.role || undefined) as Role | undefined, status: (filters.status || undefined) as DirectoryUser['status'] | undefined, page, pageSize: PAGE_SIZE });
    res.render('admin/users.njk', {
      users: result.items,
      total: result.total,
      filters,
      roles: ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r] })),
      statuses: USER_STATUSES,
      roleNames: ROLE_NAMES,
      pagination: paginationFor(result.total, page, PAGE_SIZE, '/admin/users', filters),
    });
  }

  @Get('invite')
  inviteForm(@Res() res: Response) {
    this.renderInvite(res, { name: '', email: '', roles: [], organisationId: '', authorityCode: '', expertise: [], reason: '' });
  }

  @Post('invite')
  async invite(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const values = { name: text(body.name), email: text(body.email), reason: text(body.reason), ...membershipValues(body) };
    // Name and email are checked one at a time, so both can be shown wrong at once.
    const errors = gather([
      () => DirectoryRules.person({ name: values.name, email: 'someone@example.gov.uk' }),
      () => DirectoryRules.person({ name: 'Someone', email: values.email }),
      () => DirectoryRules.membership(values, new Date()),
      () => DirectoryRules.reason(values.reason),
    ]);
    if (Object.keys(errors).length > 0) return this.renderInvite(res, values, errors);
    let invited;
    try {
      invited = await this.directory.invite(actorOf(req), values, values.reason);
    } catch (err) {
      return this.renderInvite(res, values, gather([() => { throw err; }]));
    }
    await redirectWithFlash(req, res, `/admin/users/${invited.user.id}`, `${invited.user.name} has been invited. The invitation email is on its way to ${invited.user.email}.`);
  }

  @Get(':id')
  async user(@Res() res: Response, @Param('id') id: string) {
    await this.renderUser(res, id, {});
  }

  @Post(':id/membership')
  async changeMembership(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    const values = { ...membershipValues(body), membershipReason: text(body.membershipReason) };
    const ids = { reason: 'membershipReason' };
    const errors = gather([() => DirectoryRules.membership(values, new Date()), () => DirectoryRules.reason(values.membershipReason)], ids);
    if (Object.keys(errors).length === 0) {
      try {
        await this.directory.changeMembership(actorOf(req), id, values, values.membershipReason);
        return redirectWithFlash(req, res, `/admin/users/${id}`, 'The roles have been changed. The user’s sessions have ended: the new roles apply when they next sign in.');
      } catch (err) {
        Object.assign(errors, gather([() => { throw err; }], ids));
      }
    }
    await this.renderUser(res, id, { membership: values }, errors);
  }

  @Post(':id/deactivate')
  deactivate(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    return this.statusChange(req, res, id, text(body.statusReason), (actor, reason) => this.directory.deactivate(actor, id, reason), 'The user has been deactivated and signed out');
  }

  @Post(':id/reactivate')
  reactivate(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    return this.statusChange(req, res, id, text(body.statusReason), (actor, reason) => this.directory.reactivate(actor, id, reason), 'The user has been reactivated');
  }

  @Post(':id/reinvite')
  reinvite(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: Record<string, unknown>) {
    return this.statusChange(req, res, id, text(body.statusReason), (actor, reason) => this.directory.reinvite(actor, id, reason), 'A new invitation is on its way; the earlier links no longer work');
  }

  private async statusChange(req: Request, res: Response, id: string, reason: string, change: (actor: Actor, reason: string) => Promise<unknown>, done: string) {
    const ids = { reason: 'statusReason', roles: 'statusReason' };
    try {
      await change(actorOf(req), reason);
    } catch (err) {
      return this.renderUser(res, id, { statusReason: reason }, gather([() => { throw err; }], ids));
    }
    await redirectWithFlash(req, res, `/admin/users/${id}`, done);
  }

  private renderInvite(res: Response, values: Record<string, unknown>, errors?: FormErrors) {
    res.status(errors ? 400 : 200).render('admin/user-invite.njk', { values, errors, ...this.choices(), backLink: '/admin/users' });
  }

  private async renderUser(res: Response, id: string, values: { membership?: MembershipValues & { membershipReason: string }; statusReason?: string }, errors?: FormErrors) {
    const user = await this.directory.get(id);
    if (!user) throw new NotFoundException();
    const history = await this.directory.history(id);
    res.status(errors ? 400 : 200).render('admin/user.njk', {
      person: user,
      history,
      membership: values.membership ?? { roles: user.roles, organisationId: user.organisationId ?? '', authorityCode: user.authorityCode ?? '', expertise: user.expertise, membershipReason: '' },
      statusReason: values.statusReason ?? '',
      errors,
      roleNames: ROLE_NAMES,
      sectorName: (code: string) => SECTOR.label(code as never),
      ...this.choices(),
      backLink: '/admin/users',
    });
  }

  private choices() {
    return {
      roleItems: ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r], hint: { text: ROLE_HINTS[r] } })),
      sectorItems: SECTORS.map((s) => ({ value: s, text: SECTOR.label(s) })),
    };
  }
}
