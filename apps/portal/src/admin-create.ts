import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError } from '@mutuals/config';
import { DIRECTORY_EVENTS } from '@mutuals/contracts';
import { DomainError } from '@mutuals/domain';
import { EventPublisher } from '@mutuals/messaging';
import { openDatabase } from '@mutuals/persistence';
import { DirectoryService } from './directory/directory.service';
import { migrations } from './migrations';
import { loadPortalConfig } from './portal';
import { Clock } from './session/clock';

const USAGE = `usage: npm run admin:create -- --email <address> --name "<full name>" --reason "<why>"

Creates the platform's first admin in the portal's user directory (DATABASE_URL): active, and bound
to their OpenID Connect identity the first time they sign in with this email address, verified by
the provider. Refused while another admin is active: invite further admins from the portal.
In the container image: node dist/apps/portal/apps/portal/src/admin-create.js --email ... (same options).`;

class UsageError extends Error {}

function options(argv: string[]): { email: string; name: string; reason: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { email: { type: 'string' }, name: { type: 'string' }, reason: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) throw new UsageError('');
  const missing = ['email', 'name', 'reason'].filter((o) => typeof values[o] !== 'string' || !(values[o] as string).trim());
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((o) => `--${o}`).join(', ')}`);
  return { email: values.email as string, name: values.name as string, reason: values.reason as string };
}

/** The command; exits 0 when created, 1 when refused, 2 on wrong usage, 78 on a bad setting. */
export async function main(argv: string[]): Promise<number> {
  let input: ReturnType<typeof options>;
  try {
    input = options(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.message) process.stderr.write(`admin:create: ${err.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadPortalConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`admin:create: ${err.message}\n`);
    return 78;
  }
  const db = await openDatabase({ url: config.DATABASE_URL, entities: [], migrations, poolSize: 2 }); // two: migrations run under a lock held on a connection of its own
  try {
    // The event goes to the portal's outbox; the running portal's relay publishes it.
    const events = new EventPublisher({ service: 'portal', brokers: [], groupId: 'portal', produces: DIRECTORY_EVENTS, consumes: [] });
    const directory = new DirectoryService(db, events, new Clock(), config);
    const admin = await directory.createAdmin({ name: input.name, email: input.email }, input.reason);
    process.stdout.write(`Created admin ${admin.name} <${admin.email}> (id ${admin.id}).\nThey sign in with OpenID Connect using this email address; their identity is bound at that first sign-in.\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    process.stderr.write(`admin:create: refused: ${err.message}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`admin:create: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
