/**
 * Consumer lag as Prometheus sees it: with the notifications service stopped and N application
 * events produced, the applications service's /metrics shows the notifications group N behind on
 * the stream, the lag alert's expression (evaluated here on those values, its threshold read from
 * the rule) fires, and once notifications runs again the lag goes back to 0.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApplicationSubmitted } from '@mutuals/contracts';
import { RunningService, SmtpTestServer, startTestService, testKafka, testTopic, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { notificationsService } from '../../apps/notifications/src/service';
import { envelope, publish } from '../../apps/notifications/test/support/events';
import { loadAlertRules } from './ops-files';
import { parseExposition, Sample } from './prometheus-text';

jest.setTimeout(240000);

const N = 500;
// The name on the broker (this run's prefix), as the lag metric labels it.
const TOPIC = testTopic(ApplicationSubmitted.topic);

/** The lag rule's two conditions, read from ops/prometheus/alerts.yml. */
function lagRule() {
  const rule = loadAlertRules().find((r) => r.alert === 'MutualsConsumerLagGrowing');
  const [level, growth] = String(rule.expr).split(/\n\s*and\s*\n/);
  const threshold = Number(/>\s*(\d+)\s*$/.exec(level.trim())![1]);
  expect(level).toMatch(/^sum by \(consumer_group, topic\) \(max by \(consumer_group, topic, partition\) \(mutuals_kafka_consumer_lag_messages\)\) > \d+\s*$/);
  expect(growth).toMatch(/delta\(mutuals_kafka_consumer_lag_messages\[10m\]\).*> 0\s*$/s);
  return { rule, threshold };
}

/** `sum by (consumer_group, topic) (max by (consumer_group, topic, partition) (lag))` over one scrape's samples. */
function lagByGroupAndTopic(samples: Sample[]): Map<string, number> {
  const perPartition = new Map<string, { key: string; value: number }>();
  for (const s of samples.filter((x) => x.name === 'mutuals_kafka_consumer_lag_messages')) {
    const key = `${s.labels.consumer_group}/${s.labels.topic}`;
    const partition = `${key}/${s.labels.partition}`;
    perPartition.set(partition, { key, value: Math.max(perPartition.get(partition)?.value ?? -Infinity, s.value) });
  }
  const sums = new Map<string, number>();
  for (const { key, value } of perPartition.values()) sums.set(key, (sums.get(key) ?? 0) + value);
  return sums;
}

/** The rule, evaluated on two scrapes 10 minutes apart in the rule's sense: high and still growing. */
function fires(before: Map<string, number>, now: Map<string, number>, key: string, threshold: number): boolean {
  const value = now.get(key) ?? 0;
  return value > threshold && value - (before.get(key) ?? 0) > 0;
}

async function highWatermark(topic: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

describe('consumer lag on /metrics and its alert', () => {
  const smtp = new SmtpTestServer();
  let notifications: RunningService<any> | undefined;
  let applications: RunningService<any>;
  let group: string;

  const lagOnApplications = async () => {
    const response = await request(applications.url).get('/metrics').expect(200);
    return lagByGroupAndTopic(parseExposition(response.text).samples);
  };

  beforeAll(async () => {
    await smtp.start();
    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    group = notifications.config.KAFKA_GROUP_ID;
    // The producer of the stream reports the lag of the groups that read it, so it is seen while they are down.
    applications = await startTestService(applicationsService, { METRICS_LAG_GROUPS: group });
  });

  afterAll(async () => {
    await notifications?.close();
    await applications?.close();
    await smtp.stop();
  });

  it(`shows ${N} waiting while notifications is stopped, fires the alert, and drains to 0 once it is back`, async () => {
    const { threshold } = lagRule();
    expect(N).toBeGreaterThan(threshold);
    const key = `${group}/${TOPIC}`;
    // The run's stream is new: one event consumed gives the group a committed position on it, then
    // the group has caught up with whatever was on the stream before.
    await publish(ApplicationSubmitted, [envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID() })]);
    await waitFor(async () => (await lagOnApplications()).get(key) === 0, { timeoutMs: 60000, what: 'the notifications group to catch up' });
    const before = await lagOnApplications();
    expect(fires(before, before, key, threshold)).toBe(false);

    await notifications!.close();
    notifications = undefined;
    const start = await highWatermark(TOPIC);
    const events = Array.from({ length: N }, () =>
      envelope(ApplicationSubmitted, { ...ApplicationSubmitted.example, applicationId: randomUUID(), reference: `MSF-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}` }),
    );
    await publish(ApplicationSubmitted, events);

    let lag = 0;
    await waitFor(
      async () => {
        lag = (await lagOnApplications()).get(key) ?? 0;
        return lag >= N;
      },
      { timeoutMs: 30000, what: `the lag of ${group} to reach ${N}` },
    );
    // Exactly ours, plus anything another run put on the shared stream meanwhile.
    expect(lag).toBeLessThanOrEqual((await highWatermark(TOPIC)) - start);
    const during = await lagOnApplications();
    expect(fires(before, during, key, threshold)).toBe(true);

    notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    await waitFor(async () => (await lagOnApplications()).get(key) === 0, { timeoutMs: 120000, what: `the lag of ${group} to return to 0` });
    expect(fires(during, await lagOnApplications(), key, threshold)).toBe(false);
    // The consumer's own /metrics agrees.
    const own = lagByGroupAndTopic(parseExposition((await request(notifications.url).get('/metrics').expect(200)).text).samples);
    expect(own.get(key)).toBe(0);
  });
});
