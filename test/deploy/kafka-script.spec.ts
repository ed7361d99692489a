/**
 * The local broker's script, which a fresh clone's first `npm run dev` and every CI run go through:
 * the storage is formatted with a cluster id it makes itself.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

describe('the local Kafka broker script', () => {
  it('makes cluster ids the storage format accepts: 22 base64url characters, never a leading "-" it would read as an option', () => {
    // One id in 64 would start with '-' if nothing prevented it: 400 of them would show one.
    const ids = execFileSync('bash', ['-c', 'for i in $(seq 400); do bash scripts/kafka.sh cluster-id; done'], { cwd: ROOT }).toString().trim().split('\n');
    expect(ids).toHaveLength(400);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(400);
  });
});
