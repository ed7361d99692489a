import { readFileSync } from 'node:fs';

/** The Kafka security settings, as KafkaClientConfig declares them. */
export interface KafkaSecuritySettings {
  NODE_ENV?: string;
  KAFKA_SASL_MECHANISM?: string;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
  KAFKA_SASL_PASSWORD_FILE?: string;
  KAFKA_TLS?: boolean;
  KAFKA_TLS_CA_FILE?: string;
  KAFKA_TLS_SERVERNAME?: string;
}

function readable(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * What the per-field rules cannot see: SASL needs a user name and exactly one password source, TLS
 * options need TLS, the files must be there, and production refuses SASL without TLS (a SCRAM
 * exchange does not reveal the password, but every event and the authenticated session itself
 * would cross the network in the clear).
 */
export function kafkaSecurityProblems(config: KafkaSecuritySettings): string[] {
  const problems: string[] = [];
  const mechanism = config.KAFKA_SASL_MECHANISM ?? '';
  const username = config.KAFKA_SASL_USERNAME ?? '';
  const password = config.KAFKA_SASL_PASSWORD ?? '';
  const passwordFile = config.KAFKA_SASL_PASSWORD_FILE ?? '';
  if (mechanism) {
    if (!username) problems.push(`KAFKA_SASL_USERNAME must be set with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!password && !passwordFile) problems.push(`KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE must be set with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (password && passwordFile) problems.push('KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set: set one');
    if (passwordFile && !readable(passwordFile)?.trim()) problems.push(`KAFKA_SASL_PASSWORD_FILE ${passwordFile} cannot be read or is empty`);
    if (config.NODE_ENV === 'production' && !config.KAFKA_TLS) {
      problems.push('KAFKA_TLS must be true in production when KAFKA_SASL_MECHANISM is set (SASL without TLS sends every event in the clear)');
    }
  } else {
    for (const [name, value] of [['KAFKA_SASL_USERNAME', username], ['KAFKA_SASL_PASSWORD', password], ['KAFKA_SASL_PASSWORD_FILE', passwordFile]]) {
      if (value) problems.push(`${name} is set but KAFKA_SASL_MECHANISM is empty: set the mechanism (scram-sha-512)`);
    }
  }
  if (!config.KAFKA_TLS) {
    for (const name of ['KAFKA_TLS_CA_FILE', 'KAFKA_TLS_SERVERNAME'] as const) {
      if (config[name]) problems.push(`${name} is set but KAFKA_TLS is false`);
    }
  } else if (config.KAFKA_TLS_CA_FILE && !readable(config.KAFKA_TLS_CA_FILE)?.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push(`KAFKA_TLS_CA_FILE ${config.KAFKA_TLS_CA_FILE} cannot be read or holds no PEM certificate`);
  }
  return problems;
}
