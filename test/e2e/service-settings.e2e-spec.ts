import { spawnSync } from 'node:child_process';
import { builtEntryPoint } from '@mutuals/testing';

/** Starting the built service as an operator would, with bad settings. */
describe('a service started with a malformed setting', () => {
  let main: string;

  beforeAll(() => {
    main = builtEntryPoint('applications');
  }, 300000);

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
