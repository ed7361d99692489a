import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UserInvited } from '@mutuals/contracts';
import { outboxPublished, readTopic, testDatabaseUrl } from '@mutuals/testing';
import { Clock } from '../src/session/clock';
import { newCsrfToken, SessionStore } from '../src/session/session.store';
import { DirectoryService, SignInIdentity } from '../src/directory/directory.service';
import { RunningPortal, startTestPortal } from './portal-harness';

/** Nothing listens here: these tests need no service behind the portal. */
const UNREACHABLE = 'http://127.0.0.1:9';
const ISSUER = 'https://sign-in.example.gov.uk/';

/**
 * The user directory as sign-in sees it: who an identity from the provider is, invitations used
 * once and before they expire, deactivation ending sessions at once, and the events and audit of
 * each change, against the real database and broker.
 */
describe('user directory: sign-in, invitations and deactivation', () => {
  let portal: RunningPortal;
  let directory: DirectoryService;
  let db: DataSource;
  const admin = { id: randomUUID(), name: 'Jo Admin' };
  const email = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.gov.uk`;
  const identity = (over: Partial<SignInIdentity> & { email?: string }): SignInIdentity => ({ issuer: ISSUER, subject: randomUUID(), emailVerified: true, ...over });
  const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

  beforeAll(async () => {
    portal = await startTestPortal({
      APPLICATIONS_URL: UNREACHABLE,
      INTAKE_URL: UNREACHABLE,
      AWARDS_URL: UNREACHABLE,
      NOTIFICATIONS_URL: UNREACHABLE,
      PORTAL_PUBLIC_URL: 'https://portal.example.gov.uk/',
      // A database of its own (dropped at the start of each run): the first-admin rules start from an empty directory.
      DATABASE_URL: testDatabaseUrl('postgres://postgres@127.0.0.1:5432/mutuals_directory'),
    });
    directory = portal.app.get(DirectoryService);
    db = portal.app.get(DataSource);
  });

  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await portal?.close();
  });

  it('binds the first admin to the identity that signs in with their verified email, and knows them by it after', async () => {
    const address = email('first-admin');
    const created = await directory.createAdmin({ name: 'Ada Admin', email: address }, 'Set up the platform');
    const subject = randomUUID();

    expect(await directory.matchSignIn(identity({ subject, email: address, emailVerified: false }))).toEqual({ kind: 'refused', reason: 'email-not-verified' });
    const first = await directory.matchSignIn(identity({ subject, email: address.toUpperCase() }));
    expect(first).toEqual({ kind: 'signed-in', user: { id: created.id, persona: 'admin', personas: ['admin'], roles: ['admin'], name: 'Ada Admin', email: address, organisationId: undefined } });
    // Known by issuer and subject from now on, whatever email the provider sends.
    expect(await directory.matchSignIn(identity({ subject, email: undefined, emailVerified: false }))).toMatchObject({ kind: 'signed-in', user: { id: created.id } });
    // Someone else with the same address does not take the account over.
    expect(await directory.matchSignIn(identity({ email: address }))).toEqual({ kind: 'refused', reason: 'unknown' });
    expect(await directory.matchSignIn(identity({ email: email('stranger') }))).toEqual({ kind: 'refused', reason: 'unknown' });

    const history = await directory.history(created.id);
    expect(history.map((h) => [h.action, h.actorId])).toEqual([
      ['identity-bound', created.id],
      ['created', 'cli'],
    ]);
    expect(history[1]).toMatchObject({ reason: 'Set up the platform', after: { status: 'active', roles: ['admin'] } });
  });

  it('activates an invited user only through their own invitation, used once', async () => {
    const address = email('priya');
    const { user, invitationUrl, expiresAt } = await directory.invite(admin, { name: 'Priya Shah', email: address, roles: ['assessor'], expertise: ['health'] }, 'New assessor for round 3');
    expect(invitationUrl).toMatch(/^https:\/\/portal\.example\.gov\.uk\/invitations\/accept\?token=[A-Za-z0-9_-]{43}$/);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const token = tokenOf(invitationUrl);
    // Only the token's hash is kept.
    expect(JSON.stringify(await db.query('select * from directory_invitations where user_id = $1', [user.id]))).not.toContain(token);
    expect(await directory.checkInvitation(token)).toEqual({ kind: 'valid', name: 'Priya Shah', expiresAt });

    expect(await directory.matchSignIn(identity({ email: address }))).toEqual({ kind: 'refused', reason: 'unknown' });
    expect(await directory.matchSignIn(identity({ email: address, emailVerified: false, invitationToken: token }))).toEqual({ kind: 'refused', reason: 'email-not-verified' });
    expect(await directory.matchSignIn(identity({ email: email('someone-else'), invitationToken: token }))).toEqual({ kind: 'refused', reason: 'email-mismatch' });
    expect(await directory.matchSignIn(identity({ email: address, invitationToken: 'x'.repeat(43) }))).toEqual({ kind: 'refused', reason: 'invitation-invalid' });

    const subject = randomUUID();
    const accepted = await directory.matchSignIn(identity({ subject, email: address, invitationToken: token }));
    expect(accepted).toEqual({ kind: 'signed-in', user: { id: user.id, persona: 'assessor', personas: ['assessor'], roles: ['assessor'], name: 'Priya Shah', email: address, organisationId: undefined } });
    expect(await directory.matchSignIn(identity({ email: address, invitationToken: token }))).toEqual({ kind: 'refused', reason: 'invitation-used' });
    expect(await directory.checkInvitation(token)).toEqual({ kind: 'used' });
    expect(await directory.matchSignIn(identity({ subject, email: address, invitationToken: token }))).toMatchObject({ kind: 'signed-in' });
    expect((await directory.get(user.id))!).toMatchObject({ status: 'active', oidcIssuer: ISSUER, oidcSubject: subject });

    // The events went out through the outbox, keyed by the user; the invitation carries its link.
    await outboxPublished(db, user.id);
    const records = (await readTopic(UserInvited.topic, 20000)).filter((r) => r.key === user.id).map((r) => JSON.parse(r.value!));
    expect(records.map((r) => r.type)).toEqual(['directory.user.invited.v1', 'directory.user.activated.v1']);
    expect(records[0]).toMatchObject({ source: '/services/portal', subject: user.id, data: { email: address, roles: ['assessor'], expertise: ['health'], invitationUrl, expiresAt, invitedBy: admin.id } });
    expect(records[1].data).toMatchObject({ via: 'invitation', activatedBy: user.id });
  });

  it('refuses an expired invitation, and a new one replaces it', async () => {
    const address = email('late');
    const { user, invitationUrl } = await directory.invite(admin, { name: 'Late Comer', email: address, roles: ['programme_officer'] }, 'Joins the programme team');
    const eightDaysOn = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    jest.spyOn(portal.app.get(Clock), 'now').mockReturnValue(eightDaysOn);
    expect(await directory.checkInvitation(tokenOf(invitationUrl))).toEqual({ kind: 'expired' });
    expect(await directory.matchSignIn(identity({ email: address, invitationToken: tokenOf(invitationUrl) }))).toEqual({ kind: 'refused', reason: 'invitation-expired' });

    const again = await directory.reinvite(admin, user.id, 'The first link expired');
    expect(await directory.checkInvitation(tokenOf(invitationUrl))).toEqual({ kind: 'used' });
    expect(await directory.matchSignIn(identity({ email: address, invitationToken: tokenOf(again.invitationUrl) }))).toMatchObject({ kind: 'signed-in', user: { persona: 'officer' } });
  });

  it('a programme officer who is also an admin reaches both kinds of page; a council user acts for their authority', async () => {
    const address = email('officer-admin');
    const { user, invitationUrl } = await directory.invite(admin, { name: 'Sam Okafor', email: address, roles: ['programme_officer', 'admin'] }, 'Runs the programme and its users');
    expect(await directory.matchSignIn(identity({ email: address, invitationToken: tokenOf(invitationUrl) }))).toMatchObject({ kind: 'signed-in', user: { id: user.id, persona: 'officer', personas: ['officer', 'admin'], roles: ['programme_officer', 'admin'] } });

    const council = email('council');
    const invited = await directory.invite(admin, { name: 'Chris Hall', email: council, roles: ['applicant'], authorityCode: 'E10000008' }, 'Devon’s bid lead');
    expect(await directory.matchSignIn(identity({ email: council, invitationToken: tokenOf(invited.invitationUrl) }))).toMatchObject({ kind: 'signed-in', user: { persona: 'council', roles: ['applicant'], organisationId: 'E10000008' } });
  });

  it('deactivation ends the user’s sessions at once and refuses their sign-in, with who and why in the audit', async () => {
    const address = email('leaver');
    const { user, invitationUrl } = await directory.invite(admin, { name: 'Lee Leaver', email: address, roles: ['assessor'] }, 'Assessor for round 3');
    const subject = randomUUID();
    const signedIn = await directory.matchSignIn(identity({ subject, email: address, invitationToken: tokenOf(invitationUrl) }));
    if (signedIn.kind !== 'signed-in') throw new Error('not signed in');
    const sessions = portal.app.get(SessionStore);
    const sessionId = await sessions.create({ csrfToken: newCsrfToken(), user: signedIn.user });
    expect(await sessions.load(sessionId)).toHaveProperty('data');

    await expect(directory.deactivate(admin, user.id, '')).rejects.toMatchObject({ code: 'no-reason' });
    await directory.deactivate(admin, user.id, 'Left the assessor panel');
    expect(await sessions.load(sessionId)).toBeUndefined();
    expect(await directory.sessionAllowed(user.id)).toBe(false);
    expect(await directory.matchSignIn(identity({ subject, email: address }))).toEqual({ kind: 'refused', reason: 'deactivated' });
    expect((await directory.history(user.id))[0]).toMatchObject({ action: 'deactivated', actorId: admin.id, actorName: 'Jo Admin', reason: 'Left the assessor panel', before: { status: 'active' }, after: { status: 'deactivated' } });

    await directory.reactivate(admin, user.id, 'Back on the panel');
    expect(await directory.matchSignIn(identity({ subject, email: address }))).toMatchObject({ kind: 'signed-in', user: { id: user.id } });
  });

  it('refuses a second account for an address in another case, and never leaves the platform without an active admin', async () => {
    const address = email('dup');
    await directory.invite(admin, { name: 'Dee Dup', email: address, roles: ['assessor'] }, 'Assessor');
    await expect(directory.invite(admin, { name: 'Dee Dup', email: address.toUpperCase(), roles: ['assessor'] }, 'Again')).rejects.toMatchObject({ code: 'email-taken' });
    await expect(directory.createAdmin({ name: 'Second', email: email('second') }, 'Another first admin')).rejects.toMatchObject({ code: 'admin-exists' });

    const [{ id: lastAdmin }] = await db.query(`select id from directory_users where status = 'active' and 'admin' = any(roles) order by created_at limit 1`);
    const admins: { id: string }[] = await db.query(`select id from directory_users where status = 'active' and 'admin' = any(roles) and id <> $1`, [lastAdmin]);
    for (const other of admins) await directory.deactivate({ id: lastAdmin }, other.id, 'Leaving one admin');
    await expect(directory.changeMembership(admin, lastAdmin, { roles: ['programme_officer'] }, 'Demote')).rejects.toMatchObject({ code: 'last-admin' });
    await expect(directory.deactivate(admin, lastAdmin, 'Remove')).rejects.toMatchObject({ code: 'last-admin' });
    await expect(directory.deactivate({ id: lastAdmin }, lastAdmin, 'Myself')).rejects.toMatchObject({ code: 'deactivate-self' });
  });
});
