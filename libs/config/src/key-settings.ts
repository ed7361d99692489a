import { createPublicKey } from 'node:crypto';
import { parseKeySet, signingKeyFrom } from '@mutuals/auth';
import { DEV_SIGNING_KEY, devPublicKeyX } from './dev-keys';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * What the per-field rules cannot see in the token key settings of a service (AUTH_PUBLIC_KEYS,
 * AUTH_JWKS_URL) or of the portal (AUTH_SIGNING_KEY, AUTH_PREVIOUS_PUBLIC_KEYS): keys that do not
 * parse, and in production the committed development key, trusted or signed with.
 */
export function keySettingProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const production = config.NODE_ENV === 'production';
  const devX = devPublicKeyX();
  for (const setting of ['AUTH_PUBLIC_KEYS', 'AUTH_PREVIOUS_PUBLIC_KEYS']) {
    const value = config[setting];
    if (typeof value !== 'string' || value === '') continue;
    try {
      const keys = parseKeySet(value, setting);
      if (production && [...keys.values()].some((key) => key.export({ format: 'jwk' }).x === devX)) {
        problems.push(`${setting} must not trust the development key in production`);
      }
    } catch (err) {
      problems.push(message(err));
    }
  }
  if (production && config.AUTH_PUBLIC_KEYS === '' && !config.AUTH_JWKS_URL) {
    problems.push('AUTH_PUBLIC_KEYS or AUTH_JWKS_URL must be set in production (the development key is refused)');
  }
  if (typeof config.AUTH_SIGNING_KEY === 'string') {
    try {
      const key = signingKeyFrom(config.AUTH_SIGNING_KEY, 'AUTH_SIGNING_KEY');
      if (production && (config.AUTH_SIGNING_KEY === DEV_SIGNING_KEY || createPublicKey(key).export({ format: 'jwk' }).x === devX)) {
        problems.push('AUTH_SIGNING_KEY must be set in production (the development key is refused)');
      }
    } catch (err) {
      problems.push(message(err));
    }
  }
  return problems;
}
