import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Starting the built service as an operator would, with bad settings. */
describe('a service started with a malformed setting', () => {
  const main = resolve(ROOT, 'dist/apps/applications/apps/applications/src/main.js');

  beforeAll(() => {
    if (!existsSync(main)) execFileSync('npx', ['--no-install', 'nest', 'build', 'applications'], { cwd: ROOT, stdio: 'ignore' });
  }, 120000);

  it.each([
    ['KAFKA_BROKERS', 'kafka without a port'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['PORT', 'eighty'],
  ])('exits non-zero with a message naming %s', (name, value) => {
    const result = spawnSync('node', [main], { env: { ...process.env, [name]: value }, encoding: 'utf8', timeout: 30000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(name);
  });
});
