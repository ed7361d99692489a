import { createPrivateKey, createPublicKey } from 'node:crypto';
import devKey from './dev-signing-key.json';

/**
 * The development signing key pair (ES256). It is committed, so anyone can sign with it: the portal
 * signs with it and the services trust it only outside production, which refuses it at start.
 */
export const DEV_SIGNING_KEY: string = devKey.privateKey;
export const DEV_SIGNING_KEY_ID: string = devKey.kid;

/** The development public key as a JSON Web Key Set, what the services trust by default outside production. */
export function devPublicKeys(): string {
  const jwk = createPublicKey(createPrivateKey(DEV_SIGNING_KEY)).export({ format: 'jwk' });
  return JSON.stringify({ keys: [{ ...jwk, kid: DEV_SIGNING_KEY_ID, alg: 'ES256', use: 'sig' }] });
}

/** The x coordinate of the development public key: how a key set that trusts it is recognised, whatever its kid. */
export function devPublicKeyX(): string {
  return createPublicKey(createPrivateKey(DEV_SIGNING_KEY)).export({ format: 'jwk' }).x as string;
}
