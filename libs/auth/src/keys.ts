import { createPrivateKey, createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';

/** The keys to check a token with cannot be had (the key set URL does not answer): not the caller's fault. */
export class KeysUnavailableError extends Error {}

/** A PEM as a setting may carry it: with real line breaks, or with `\n` written out (one-line env files). */
const pemText = (pem: string) => pem.replace(/\\n/g, '\n').trim();

const isP256 = (key: KeyObject) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';

/** The ES256 signing key from its PEM (PKCS#8 or SEC1); throws a message naming the setting otherwise. */
export function signingKeyFrom(pem: string, setting = 'AUTH_SIGNING_KEY'): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pemText(pem));
  } catch {
    throw new Error(`${setting} must be a PEM private key`);
  }
  if (!isP256(key)) throw new Error(`${setting} must be an EC P-256 key (ES256)`);
  return key;
}

/** A public key as a JSON Web Key, for the key set the portal publishes. */
export function publicJwkOf(key: KeyObject, kid: string): JsonWebKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
}

/**
 * The public keys of a JSON Web Key Set (`{"keys":[...]}`) by kid. Only EC P-256 public keys with
 * a kid are taken: a private key, a symmetric key or one without a kid is an error naming the setting.
 */
export function parseKeySet(json: string, setting = 'AUTH_PUBLIC_KEYS'): Map<string, KeyObject> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`${setting} must be a JSON Web Key Set: {"keys":[...]}`);
  }
  const keys = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new Error(`${setting} must be a JSON Web Key Set: {"keys":[...]}`);
  const byKid = new Map<string, KeyObject>();
  keys.forEach((jwk: JsonWebKey & { kid?: unknown }, i) => {
    if (typeof jwk?.kid !== 'string' || !jwk.kid) throw new Error(`${setting}: key ${i + 1} has no kid`);
    if ('d' in jwk) throw new Error(`${setting}: key ${jwk.kid} is a private key; give only public keys`);
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      throw new Error(`${setting}: key ${jwk.kid} is not a valid public key`);
    }
    if (!isP256(key)) throw new Error(`${setting}: key ${jwk.kid} must be an EC P-256 key (ES256)`);
    if (byKid.has(jwk.kid)) throw new Error(`${setting}: kid ${jwk.kid} is given twice`);
    byKid.set(jwk.kid, key);
  });
  return byKid;
}

export interface PublicKeysOptions {
  /** Keys configured directly (AUTH_PUBLIC_KEYS). */
  keys?: Map<string, KeyObject>;
  /** A JWKS URL (AUTH_JWKS_URL), fetched when first needed. */
  jwksUrl?: string;
  /** An unknown kid refetches the key set, at most this often. */
  refreshSeconds: number;
  /** Keys fetched are used this long before the next token fetches them again (a removed key stops working). */
  cacheSeconds?: number;
  fetchTimeoutMs?: number;
  now?: () => number;
}

/**
 * The public keys a service checks tokens with, by kid: the configured ones, then those of the
 * key set URL. The URL is read lazily and cached; a kid it does not know makes it read again (a
 * key rotated in), but at most every `refreshSeconds`, so tokens with made-up kids cannot make the
 * service hammer it. A key set that cannot be read is KeysUnavailableError, never a crash.
 */
export class PublicKeys {
  private fetched = new Map<string, KeyObject>();
  private fetchedAt?: number;
  private lastAttemptAt?: number;
  private lastError?: string;
  private inFlight?: Promise<void>;

  constructor(private readonly options: PublicKeysOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async get(kid: string): Promise<KeyObject | undefined> {
    const configured = this.options.keys?.get(kid);
    if (configured) return configured;
    if (!this.options.jwksUrl) return undefined;
    const now = this.now();
    const stale = this.fetchedAt === undefined || now - this.fetchedAt >= (this.options.cacheSeconds ?? 300) * 1000;
    const mayRefetch = this.lastAttemptAt === undefined || now - this.lastAttemptAt >= this.options.refreshSeconds * 1000;
    if ((stale || !this.fetched.has(kid)) && mayRefetch) await (this.inFlight ??= this.refetch().finally(() => (this.inFlight = undefined)));
    const key = this.fetched.get(kid);
    if (key) return key;
    // Nothing read yet, or the last read failed: we cannot tell whether the kid is real.
    if (this.fetchedAt === undefined || this.lastError) throw new KeysUnavailableError(`the signing keys cannot be read: ${this.lastError ?? 'not read yet'}`);
    return undefined;
  }

  private async refetch(): Promise<void> {
    this.lastAttemptAt = this.now();
    try {
      const response = await fetch(this.options.jwksUrl!, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 5000) });
      if (!response.ok) throw new Error(`${this.options.jwksUrl} answered ${response.status}`);
      this.fetched = parseKeySet(await response.text(), this.options.jwksUrl);
      this.fetchedAt = this.now();
      this.lastError = undefined;
    } catch (err) {
      // Keys read before stay in use: a key set server that is briefly away does not sign everyone out.
      this.lastError = err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err);
    }
  }
}
