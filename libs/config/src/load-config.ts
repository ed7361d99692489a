import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { kafkaSecurityProblems } from './kafka-security';
import { keySettingProblems } from './key-settings';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type ConfigClass<T> = new () => T;

/** The environment variable names a config class declares. */
export function settingNames(cls: ConfigClass<object>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) =>
      message.startsWith(e.property) ? message : `${e.property}: ${message}`,
    ),
  );
}

/**
 * Reads the declared settings from the environment (and overrides), applies defaults and
 * validates them; a missing or malformed setting throws a ConfigError naming it.
 */
export function loadConfig<T extends object>(
  cls: ConfigClass<T>,
  overrides: Record<string, unknown> = {},
  env: NodeJS.ProcessEnv = process.env,
): T {
  const names = settingNames(cls);
  const raw: Record<string, unknown> = {};
  for (const name of names) {
    const value = name in overrides ? overrides[name] : env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const config = plainToInstance(cls, raw, { exposeDefaultValues: true });
  const problems = describe(validateSync(config, { forbidUnknownValues: false }));
  const anyConfig = config as Record<string, unknown>;
  if (problems.length === 0) problems.push(...keySettingProblems(anyConfig));
  // Any app with a Kafka client (KafkaClientConfig): settings that only make sense together.
  if ('KAFKA_SASL_MECHANISM' in anyConfig) problems.push(...kafkaSecurityProblems(anyConfig));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
