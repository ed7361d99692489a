#!/usr/bin/env node
// Exits 0 when a Kafka broker at KAFKA_BROKERS (default 127.0.0.1:9092) answers a real request
// (the admin API's describeCluster), 1 otherwise. Quiet: kafkajs logging is off. With the KAFKA_SASL_*
// and KAFKA_TLS* settings it checks a SASL broker, signing in (scripts/kafka-client-env.js).
//   node scripts/kafka-ready.js        (scripts/kafka.sh wait polls it)
const { Kafka, logLevel } = require('kafkajs');
const { kafkaClientEnv } = require('./kafka-client-env');

const kafka = new Kafka({
  clientId: 'ready-check',
  ...kafkaClientEnv(),
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 2000,
  retry: { retries: 0 },
});
const admin = kafka.admin();
// Never hang: a half-started broker can accept the connection and not answer.
setTimeout(() => process.exit(1), 5000).unref();

admin
  .connect()
  .then(() => admin.describeCluster())
  .then((cluster) => {
    if (!cluster.brokers.length) throw new Error('no brokers');
    return admin.disconnect().then(() => process.exit(0));
  })
  .catch(() => process.exit(1));
