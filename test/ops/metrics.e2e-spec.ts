/**
 * /metrics on every service, started in-process against the real PostgreSQL and Kafka: open without
 * a token, in Prometheus' text format, named by the conventions, labelled by route template and
 * never by anything personal; and every metric a dashboard or an alert rule uses is exported.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { BudgetThresholdReached } from '@mutuals/contracts';
import { produceRaw, RunningService, SmtpTestServer, startTestService, testTopic, testUser, waitFor } from '@mutuals/testing';
import { applicationsService } from '../../apps/applications/src/service';
import { awardsService } from '../../apps/awards/src/service';
import { intakeService } from '../../apps/intake/src/service';
import { notificationsService } from '../../apps/notifications/src/service';
import { envelope, publish } from '../../apps/notifications/test/support/events';
import { RunningPortal, startTestPortal } from '../../apps/portal/test/portal-harness';
import { loadAlertRules, loadDashboards } from './ops-files';
import { Exposition, parseExposition, seriesNames } from './prometheus-text';
import { EXTERNAL_METRIC, metricNames } from './promql';

jest.setTimeout(120000);

const DEFAULT_PROCESS_METRICS = ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const PERSONAL_LABEL = /email|recipient|name$|user|subject|phone|address/;

describe('metrics', () => {
  const smtp = new SmtpTestServer();
  const services: Record<string, RunningService<any> | RunningPortal> = {};
  const scraped: Record<string, Exposition> = {};

  async function scrape(name: string): Promise<Exposition> {
    const response = await request(services[name].url).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; .*version=0\.0\.4/);
    return parseExposition(response.text);
  }

  beforeAll(async () => {
    services.applications = await startTestService(applicationsService);
    services.intake = await startTestService(intakeService);
    services.awards = await startTestService(awardsService);
    await smtp.start();
    services.notifications = await startTestService(notificationsService, { SMTP_URL: smtp.url });
    services.portal = await startTestPortal({});
    // Some traffic to label: a route with an id, refused for want of a token, and a URL no route has.
    await request(services.applications.url).get(`/applications/${randomUUID()}`).expect(401);
    await request(services.applications.url).get(`/applications/${randomUUID()}`).set(testUser('programme_officer').auth).expect(404);
    await request(services.applications.url).get(`/no-such-page/${randomUUID()}`).expect(404);
    await request(services.portal.url).get('/health/live').expect(200);
    for (const name of Object.keys(services)) scraped[name] = await scrape(name);
  });

  afterAll(async () => {
    for (const [name, service] of Object.entries(services)) {
      const started = Date.now();
      await service?.close();
      if (process.env.TEST_LOG_CLOSE) process.stderr.write(`${name} closed in ${Date.now() - started} ms\n`);
    }
    await smtp.stop();
  });

  it.each(['applications', 'intake', 'awards', 'notifications', 'portal'])('%s: serves /metrics without a token, with the default process metrics', (name) => {
    const names = seriesNames(scraped[name]);
    for (const metric of DEFAULT_PROCESS_METRICS) expect(names).toContain(metric);
    expect(names).toContain('mutuals_http_requests_total');
    expect(names).toContain('mutuals_http_request_duration_seconds_bucket');
  });

  it.each(['applications', 'intake', 'awards', 'notifications'])('%s: reports its outbox, consumer lag, handlers and dead letters', (name) => {
    const names = seriesNames(scraped[name]);
    for (const metric of [
      'mutuals_outbox_unpublished_messages',
      'mutuals_outbox_oldest_unpublished_age_seconds',
      'mutuals_outbox_published_total',
      'mutuals_kafka_consumer_lag_messages',
      'mutuals_event_handler_duration_seconds_count',
      'mutuals_dead_letters_total',
    ]) {
      expect(`${name} ${names.has(metric) ? 'exports' : 'lacks'} ${metric}`).toBe(`${name} exports ${metric}`);
    }
    const lag = scraped[name].samples.filter((s) => s.name === 'mutuals_kafka_consumer_lag_messages');
    expect(lag.length).toBeGreaterThan(0);
    expect(Object.keys(lag[0].labels).sort()).toEqual(['consumer_group', 'partition', 'topic']);
    const outbox = scraped[name].samples.find((s) => s.name === 'mutuals_outbox_unpublished_messages');
    expect(outbox?.value).toBeGreaterThanOrEqual(0);
  });

  it('notifications and awards export their own: messages sent, failed and waiting; budgets committed', () => {
    const notifications = seriesNames(scraped.notifications);
    for (const metric of ['mutuals_notifications_sent_total', 'mutuals_notifications_failed_total', 'mutuals_notifications_rate_limit_waiting_messages']) expect(notifications).toContain(metric);
    const awards = seriesNames(scraped.awards);
    for (const metric of ['mutuals_programme_budget_committed_pence', 'mutuals_programme_budget_pence']) expect(awards).toContain(metric);
    for (const sample of scraped.awards.samples.filter((s) => s.name === 'mutuals_programme_budget_committed_pence')) {
      expect(Object.keys(sample.labels)).toEqual(['programme_id']);
      expect(sample.labels.programme_id).toMatch(UUID);
    }
  });

  it('labels HTTP requests by route template, method and status class, never by URL', () => {
    const requests = scraped.applications.samples.filter((s) => s.name === 'mutuals_http_requests_total');
    expect(requests).toContainEqual({ name: 'mutuals_http_requests_total', labels: { method: 'GET', route: '/applications/:id', status_class: '4xx' }, value: 2 });
    expect(requests.find((s) => s.labels.route === 'unmatched')).toBeDefined();
    for (const sample of requests) expect(sample.labels.route).not.toMatch(UUID);
    const portal = scraped.portal.samples.filter((s) => s.name === 'mutuals_http_requests_total');
    expect(portal).toContainEqual(expect.objectContaining({ labels: { method: 'GET', route: '/health/live', status_class: '2xx' } }));
  });

  it.each(['applications', 'intake', 'awards', 'notifications', 'portal'])('%s: its own metrics follow the naming conventions and carry no personal data', (name) => {
    const { types, help, samples } = scraped[name];
    const own = [...types].filter(([metric]) => !/^(process|nodejs)_/.test(metric));
    expect(own.length).toBeGreaterThanOrEqual(2);
    for (const [metric, type] of own) {
      expect(metric).toMatch(/^mutuals_[a-z0-9_]+$/);
      expect(help.get(metric)?.length ?? 0).toBeGreaterThan(10);
      if (type === 'counter') expect(metric).toMatch(/_total$/);
      else expect(metric).not.toMatch(/_total$/);
      if (type === 'histogram') expect(metric).toMatch(/_seconds$/);
      expect(metric).not.toMatch(/_(milliseconds|ms|minutes|kilobytes|megabytes)$/);
    }
    for (const sample of samples.filter((s) => s.name.startsWith('mutuals_'))) {
      for (const [label, value] of Object.entries(sample.labels)) {
        expect(label).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(label).not.toMatch(PERSONAL_LABEL);
        expect(value).not.toMatch(/@/);
      }
    }
  });

  it('counts handled events by type and outcome, and dead letters by topic and reason', async () => {
    const topic = BudgetThresholdReached.topic;
    const count = (e: Exposition, name: string, labels: Record<string, string>) =>
      e.samples.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v)).reduce((n, x) => n + x.value, 0);
    const handled = { event_type: BudgetThresholdReached.type, outcome: 'handled' };
    const before = await scrape('notifications');
    await publish(BudgetThresholdReached, [envelope(BudgetThresholdReached, { ...BudgetThresholdReached.example, programmeId: randomUUID() })]);
    await produceRaw(topic, [{ key: randomUUID(), value: 'not json' }]);
    await waitFor(
      async () => {
        const now = await scrape('notifications');
        return (
          count(now, 'mutuals_event_handler_duration_seconds_count', handled) > count(before, 'mutuals_event_handler_duration_seconds_count', handled) &&
          count(now, 'mutuals_dead_letters_total', { topic: testTopic(topic), reason: 'not-json' }) >
            count(before, 'mutuals_dead_letters_total', { topic: testTopic(topic), reason: 'not-json' })
        );
      },
      { timeoutMs: 30000, what: 'the handled event and the dead letter on /metrics' },
    );
  });

  it('every metric a dashboard or an alert rule uses is exported by a service (or is up / kube-state-metrics)', () => {
    const exported = new Set(Object.values(scraped).flatMap((e) => [...seriesNames(e)]));
    const used = [
      ...loadDashboards().flatMap(({ file, dashboard }) =>
        dashboard.panels.flatMap((p: any) => (p.targets ?? []).flatMap((t: any) => metricNames(t.expr).map((metric) => ({ where: `${file}: ${p.title}`, metric })))),
      ),
      ...loadAlertRules().flatMap((rule) => metricNames(rule.expr).map((metric) => ({ where: `alert ${rule.alert}`, metric }))),
    ];
    expect(used.length).toBeGreaterThan(40);
    const missing = used.filter(({ metric }) => !exported.has(metric) && !EXTERNAL_METRIC.test(metric)).map(({ where, metric }) => `${where}: ${metric}`);
    expect(missing).toEqual([]);
  });
});
