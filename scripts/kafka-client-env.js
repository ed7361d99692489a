// The security of a script's kafkajs client from the same settings the services read
// (KAFKA_BROKERS, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD or
// KAFKA_SASL_PASSWORD_FILE, KAFKA_TLS, KAFKA_TLS_CA_FILE, KAFKA_TLS_SERVERNAME): the plain-JavaScript
// twin of libs/messaging/src/kafka-security.ts, for the scripts that run without a build.
//   new Kafka({ clientId, ...kafkaClientEnv() })
const { readFileSync } = require('node:fs');

function kafkaClientEnv(env = process.env) {
  const brokers = (env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
  const options = { brokers };
  if (env.KAFKA_TLS === 'true') {
    const ssl = {};
    if (env.KAFKA_TLS_CA_FILE) ssl.ca = [readFileSync(env.KAFKA_TLS_CA_FILE, 'utf8')];
    if (env.KAFKA_TLS_SERVERNAME) ssl.servername = env.KAFKA_TLS_SERVERNAME;
    options.ssl = Object.keys(ssl).length > 0 ? ssl : true;
  }
  if (env.KAFKA_SASL_MECHANISM) {
    const password = env.KAFKA_SASL_PASSWORD_FILE ? readFileSync(env.KAFKA_SASL_PASSWORD_FILE, 'utf8').trim() : env.KAFKA_SASL_PASSWORD || '';
    if (!env.KAFKA_SASL_USERNAME || !password) throw new Error(`KAFKA_SASL_MECHANISM=${env.KAFKA_SASL_MECHANISM} needs KAFKA_SASL_USERNAME and a password`);
    options.sasl = { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password };
  }
  return options;
}

/** The security settings alone, to pass on to a child process (a service the bench starts). */
function kafkaSecurityEnv(env = process.env) {
  const names = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE', 'KAFKA_TLS', 'KAFKA_TLS_CA_FILE', 'KAFKA_TLS_SERVERNAME'];
  return Object.fromEntries(names.filter((name) => env[name]).map((name) => [name, env[name]]));
}

module.exports = { kafkaClientEnv, kafkaSecurityEnv };
