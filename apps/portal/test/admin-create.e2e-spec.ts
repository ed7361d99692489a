import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { builtEntryPoint, testDatabaseUrl } from '@mutuals/testing';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../..');
/** The command as `npm run admin:create` runs it: from the built portal, as after `npm run build` or in the image. */
const COMMAND = () => builtEntryPoint('portal').replace(/main\.js$/, 'admin-create.js');

/**
 * The first admin is made from the command line: active, with no identity until their first
 * sign-in, audited as done by the command; a second active admin is refused (they are invited).
 */
describe('npm run admin:create', () => {
  const database = testDatabaseUrl('postgres://postgres@127.0.0.1:5432/mutuals_portal');
  let db: Client;

  const adminCreate = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [command, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: database, NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  let command: string;
  beforeAll(() => {
    command = COMMAND(); // built first when missing or older than the sources
  });

  afterAll(async () => {
    await db?.end();
  });

  it('says how to use it when an option is missing', async () => {
    const result = await adminCreate('--email', 'ada@example.gov.uk');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing --name, --reason');
    expect(result.stderr).toContain('usage: npm run admin:create');
  });

  it('creates the first admin, active and unbound, audited as done by the command; a second is refused', async () => {
    const email = `Ada.Lovelace-${Date.now()}@cabinet-office.example.gov.uk`;
    const created = await adminCreate('--email', email, '--name', 'Ada Lovelace', '--reason', 'First admin of the new platform');
    db = new Client({ connectionString: database });
    await db.connect();
    // Another test file of this worker may have made the first admin already: then this one is refused.
    const others = (await db.query(`select count(*)::int as n from directory_users where status = 'active' and 'admin' = any(roles) and email <> $1`, [email])).rows[0].n;
    if (others > 0) {
      expect(created.code).toBe(1);
      expect(created.stderr).toContain('There is already an active admin');
      return;
    }
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining(`Created admin Ada Lovelace <${email}>`) });
    const { rows: [user] } = await db.query('select * from directory_users where lower(email) = lower($1)', [email]);
    expect(user).toMatchObject({ name: 'Ada Lovelace', email, roles: ['admin'], status: 'active', oidc_issuer: null, oidc_subject: null });
    const { rows: audit } = await db.query('select action, actor_id, reason, after from directory_audit where user_id = $1', [user.id]);
    expect(audit).toEqual([{ action: 'created', actor_id: 'cli', reason: 'First admin of the new platform', after: expect.objectContaining({ status: 'active', roles: ['admin'] }) }]);
    const { rows: events } = await db.query(`select envelope->>'type' as type, envelope->'data'->>'via' as via from outbox_messages where message_key = $1`, [user.id]);
    expect(events).toEqual([{ type: 'directory.user.activated.v1', via: 'command-line' }]);

    const again = await adminCreate('--email', `second-${Date.now()}@example.gov.uk`, '--name', 'Second Admin', '--reason', 'Another');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('There is already an active admin: invite further admins from the portal');
  });
});
