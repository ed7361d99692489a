#!/usr/bin/env node
// Creates the platform's topics and gives each service's Kafka user exactly the ACLs declared for
// it, on a broker with SASL and an authorizer but without the Strimzi operators (docker-compose's
// kafka-setup job, scripts/kafka.sh start-sasl, the end-to-end test over SASL). Connects as the
// admin user (a super user), with the usual KAFKA_* settings (scripts/kafka-client-env.js).
//   node scripts/kafka-acls.js [declaration.json]     (default infra/kafka/acls.json)
// The declaration is generated from the services' modules (ops/k8s.ts kafkaAccess, `npm run
// ops:files`), like the KafkaUsers in k8s. ACLs of a declared user that the declaration no longer
// gives are deleted, so a user never keeps a right its service has lost. Safe to run again.
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } = require('kafkajs');
const { kafkaClientEnv } = require('./kafka-client-env');

const RESOURCE = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP };
const PATTERN = { literal: ResourcePatternTypes.LITERAL, prefix: ResourcePatternTypes.PREFIXED };
const OPERATION = { Read: AclOperationTypes.READ, Write: AclOperationTypes.WRITE, Describe: AclOperationTypes.DESCRIBE };

/** Each declared ACL as kafkajs entries (one per operation). */
function entriesOf(user) {
  return user.acls.flatMap((acl) =>
    acl.operations.map((operation) => {
      if (!(acl.resource.type in RESOURCE) || !(acl.resource.patternType in PATTERN) || !(operation in OPERATION)) {
        throw new Error(`unsupported ACL for ${user.name}: ${JSON.stringify(acl)}`);
      }
      return {
        resourceType: RESOURCE[acl.resource.type],
        resourceName: acl.resource.name,
        resourcePatternType: PATTERN[acl.resource.patternType],
        principal: `User:${user.name}`,
        host: acl.host || '*',
        operation: OPERATION[operation],
        permissionType: AclPermissionTypes.ALLOW,
      };
    }),
  );
}

const keyOf = (e) => [e.resourceType, e.resourceName, e.resourcePatternType, e.principal, e.host, e.operation, e.permissionType].join('|');

async function applyKafkaAccess(declaration, kafkaOptions = kafkaClientEnv()) {
  const kafka = new Kafka({ clientId: 'kafka-acls', logLevel: logLevel.NOTHING, retry: { retries: 5 }, ...kafkaOptions });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = declaration.topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: declaration.partitions, replicationFactor: 1 })) });
    }
    const wanted = declaration.users.flatMap(entriesOf);
    const wantedKeys = new Set(wanted.map(keyOf));
    const stale = [];
    for (const user of declaration.users) {
      const { resources } = await admin.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        principal: `User:${user.name}`,
        host: '*',
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      for (const resource of resources) {
        for (const acl of resource.acls) {
          const entry = { resourceType: resource.resourceType, resourceName: resource.resourceName, resourcePatternType: resource.resourcePatternType, ...acl };
          if (!wantedKeys.has(keyOf(entry))) stale.push(entry);
        }
      }
    }
    if (stale.length > 0) await admin.deleteAcls({ filters: stale });
    await admin.createAcls({ acl: wanted });
    return { createdTopics: missing.length, acls: wanted.length, deleted: stale.length };
  } finally {
    await admin.disconnect();
  }
}

module.exports = { applyKafkaAccess };

if (require.main === module) {
  const file = resolve(process.argv[2] || resolve(__dirname, '../infra/kafka/acls.json'));
  applyKafkaAccess(JSON.parse(readFileSync(file, 'utf8')))
    .then(({ createdTopics, acls, deleted }) => console.log(`kafka-acls: ${createdTopics} topics created, ${acls} ACL entries for ${JSON.parse(readFileSync(file, 'utf8')).users.length} users, ${deleted} stale removed`))
    .catch((err) => {
      console.error(`kafka-acls: ${err.message}`);
      process.exit(1);
    });
}
