import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaSecuritySettings } from '@mutuals/config';

export type { KafkaSecuritySettings } from '@mutuals/config';

/** How the Kafka clients authenticate and encrypt (both off by default, as for a local broker). */
export interface KafkaSecurity {
  tls?: boolean;
  /** PEM file of the CA to trust, e.g. Strimzi's cluster CA or the local SASL broker's CA. */
  tlsCaFile?: string;
  /** The name the brokers' certificates must carry, when it is not the host dialled. */
  tlsServername?: string;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/**
 * The settings (KafkaClientConfig, already checked by loadConfig) as the security of a kafkajs
 * client; a password file is read here, once, at start.
 */
export function kafkaSecurityFromSettings(config: KafkaSecuritySettings): KafkaSecurity {
  const mechanism = config.KAFKA_SASL_MECHANISM || undefined;
  const password = config.KAFKA_SASL_PASSWORD_FILE ? readFileSync(config.KAFKA_SASL_PASSWORD_FILE, 'utf8').trim() : (config.KAFKA_SASL_PASSWORD ?? '');
  return {
    tls: config.KAFKA_TLS ?? false,
    tlsCaFile: (config.KAFKA_TLS && config.KAFKA_TLS_CA_FILE) || undefined,
    tlsServername: (config.KAFKA_TLS && config.KAFKA_TLS_SERVERNAME) || undefined,
    sasl: mechanism ? { mechanism: mechanism as 'plain' | 'scram-sha-256' | 'scram-sha-512', username: config.KAFKA_SASL_USERNAME ?? '', password } : undefined,
  };
}

/**
 * The `ssl` and `sasl` options of every kafkajs client the platform makes (producers, consumers,
 * admin clients, dead-letter readers): spread them into `new Kafka({...})`.
 */
export function kafkaClientSecurity(options: { security?: KafkaSecurity }): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const security = options.security ?? {};
  let ssl: KafkaConfig['ssl'];
  if (security.tls) {
    const tls = {
      ...(security.tlsCaFile ? { ca: [readFileSync(security.tlsCaFile, 'utf8')] } : {}),
      ...(security.tlsServername ? { servername: security.tlsServername } : {}),
    };
    // `true` keeps Node's defaults: the public CAs, the dialled host's name.
    ssl = Object.keys(tls).length > 0 ? tls : true;
  }
  return { ...(ssl ? { ssl } : {}), ...(security.sasl ? { sasl: security.sasl as SASLOptions } : {}) };
}
