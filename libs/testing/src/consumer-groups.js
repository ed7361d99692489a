// Plain JavaScript, so that the benchmark (run by node, without TypeScript) shares it with the tests.

/**
 * Commits the end of every event topic as each consumer group's position, so a service joining
 * with that group starts after everything already on the broker (earlier test runs, demos,
 * benchmarks). One join per group for all topics: the admin client's setOffsets joins once per
 * topic and waits out an empty fetch each time. `topicPrefix` limits it to the topics of one
 * prefix (a test worker's own).
 */
async function moveGroupsToEnd(kafka, groupIds, { topicPrefix = '' } = {}) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => !topic.startsWith('__') && topic.startsWith(topicPrefix));
    if (topics.length === 0) return;
    const ends = (await Promise.all(topics.map(async (topic) => (await endsOf(admin, topic)).map((o) => ({ topic, partition: o.partition, offset: o.high }))))).flat();
    await Promise.all(groupIds.map((groupId) => moveGroup(kafka, admin, groupId, topics, ends)));
  } finally {
    await admin.disconnect();
  }
}

/** A topic's end offsets; a topic created a moment ago may not have a leader everywhere yet. */
async function endsOf(admin, topic) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      if (attempt >= 10 || !err.retriable) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function moveGroup(kafka, admin, groupId, topics, ends) {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: false });
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({ autoCommit: false, eachBatch: async () => {} });
    await joined;
    // The consumer takes commits only once it is running, just after it has joined.
    for (let attempt = 0; !(await isAtEnd(admin, groupId, topics, ends)); attempt += 1) {
      if (attempt === 100) throw new Error(`could not move ${groupId} to the end of its topics`);
      await consumer.commitOffsets(ends);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await consumer.disconnect();
  }
}

async function isAtEnd(admin, groupId, topics, ends) {
  const positions = await admin.fetchOffsets({ groupId, topics });
  const at = new Map(positions.flatMap((t) => t.partitions.map((p) => [`${t.topic}/${p.partition}`, p.offset])));
  return ends.every((e) => at.get(`${e.topic}/${e.partition}`) === e.offset);
}

module.exports = { moveGroupsToEnd };
