/**
 * The Grafana dashboards, as code: one per service and one for the pipeline end to end. The JSON
 * files in ops/grafana are written from here (`npm run ops:files`) and a test fails while they differ.
 * Every series is selected by `job`, the Kubernetes Service name the ServiceMonitors give it.
 */

export interface Target {
  expr: string;
  legendFormat: string;
}

interface PanelSpec {
  title: string;
  description?: string;
  type?: 'timeseries' | 'stat' | 'bargauge';
  unit: string;
  targets: Target[];
  width?: number;
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
export const SERVICES = ['applications', 'intake', 'awards', 'notifications', 'portal'] as const;
export const MESSAGING_SERVICES = ['applications', 'intake', 'awards', 'notifications'] as const;

const t = (expr: string, legendFormat: string): Target => ({ expr, legendFormat });

function row(title: string) {
  return { type: 'row', title, collapsed: false, panels: [] as unknown[] };
}

/** Lays panels out left to right, 24 columns wide, rows of height 8. */
function layout(sections: { title: string; panels: PanelSpec[] }[]) {
  const panels: Record<string, unknown>[] = [];
  let id = 1;
  let y = 0;
  for (const section of sections) {
    panels.push({ ...row(section.title), id: id++, gridPos: { x: 0, y, w: 24, h: 1 } });
    y += 1;
    let x = 0;
    for (const spec of section.panels) {
      const w = spec.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += 8;
      }
      panels.push({
        id: id++,
        type: spec.type ?? 'timeseries',
        title: spec.title,
        ...(spec.description ? { description: spec.description } : {}),
        datasource: DATASOURCE,
        gridPos: { x, y, w, h: 8 },
        fieldConfig: { defaults: { unit: spec.unit }, overrides: [] },
        options: spec.type === 'stat' ? { reduceOptions: { calcs: ['lastNotNull'] } } : { legend: { displayMode: 'table', placement: 'bottom' } },
        targets: spec.targets.map((target, i) => ({ refId: String.fromCharCode(65 + i), datasource: DATASOURCE, ...target })),
      });
      x += w;
    }
    y += 8;
  }
  return panels;
}

function dashboard(uid: string, title: string, description: string, sections: { title: string; panels: PanelSpec[] }[]) {
  return {
    uid,
    title,
    description,
    tags: ['mutuals'],
    editable: true,
    schemaVersion: 39,
    version: 1,
    timezone: 'utc',
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Prometheus', current: {}, hide: 0 }],
    },
    annotations: { list: [] },
    panels: layout(sections),
  };
}

function httpPanels(job: string): PanelSpec[] {
  const sel = `job="${job}"`;
  return [
    { title: 'Requests per second by route', unit: 'reqps', targets: [t(`sum by (method, route) (rate(mutuals_http_requests_total{${sel}}[5m]))`, '{{method}} {{route}}')] },
    {
      title: 'Errors (5xx) as a share of requests',
      unit: 'percentunit',
      targets: [t(`sum(rate(mutuals_http_requests_total{${sel}, status_class="5xx"}[5m])) / sum(rate(mutuals_http_requests_total{${sel}}[5m]))`, '5xx share')],
    },
    {
      title: 'Duration p95 by route',
      unit: 's',
      targets: [t(`histogram_quantile(0.95, sum by (le, route) (rate(mutuals_http_request_duration_seconds_bucket{${sel}}[5m])))`, '{{route}}')],
    },
    { title: 'Responses by status class', unit: 'reqps', targets: [t(`sum by (status_class) (rate(mutuals_http_requests_total{${sel}}[5m]))`, '{{status_class}}')] },
  ];
}

function processPanels(job: string): PanelSpec[] {
  const sel = `job="${job}"`;
  return [
    { title: 'CPU (cores) per pod', unit: 'short', width: 8, targets: [t(`rate(process_cpu_seconds_total{${sel}}[5m])`, '{{pod}}')] },
    {
      title: 'Memory per pod',
      unit: 'bytes',
      width: 8,
      targets: [t(`process_resident_memory_bytes{${sel}}`, 'resident {{pod}}'), t(`nodejs_heap_size_used_bytes{${sel}}`, 'heap used {{pod}}')],
    },
    { title: 'Event loop delay p99', unit: 's', width: 8, targets: [t(`nodejs_eventloop_lag_p99_seconds{${sel}}`, '{{pod}}')] },
  ];
}

function messagingPanels(job: string): PanelSpec[] {
  const sel = `job="${job}"`;
  return [
    { title: 'Outbox: rows waiting to be published', unit: 'short', width: 8, targets: [t(`max(mutuals_outbox_unpublished_messages{${sel}})`, 'waiting')] },
    { title: 'Outbox: age of the oldest waiting row', unit: 's', width: 8, targets: [t(`max(mutuals_outbox_oldest_unpublished_age_seconds{${sel}})`, 'oldest')] },
    { title: 'Outbox: events published per second', unit: 'ops', width: 8, targets: [t(`sum(rate(mutuals_outbox_published_total{${sel}}[5m]))`, 'published')] },
    {
      title: `Consumer lag of the ${job} group by topic`,
      unit: 'short',
      targets: [t(`sum by (topic) (max by (topic, partition) (mutuals_kafka_consumer_lag_messages{consumer_group="${job}"}))`, '{{topic}}')],
    },
    {
      title: 'Events handled per second by type and outcome',
      unit: 'ops',
      targets: [t(`sum by (event_type, outcome) (rate(mutuals_event_handler_duration_seconds_count{${sel}}[5m]))`, '{{event_type}} {{outcome}}')],
    },
    {
      title: 'Handler duration p95 by event type',
      unit: 's',
      targets: [t(`histogram_quantile(0.95, sum by (le, event_type) (rate(mutuals_event_handler_duration_seconds_bucket{${sel}, outcome="handled"}[5m])))`, '{{event_type}}')],
    },
    {
      title: 'Dead letters in the last hour by topic and reason',
      unit: 'short',
      targets: [t(`sum by (topic, reason) (increase(mutuals_dead_letters_total{${sel}}[1h]))`, '{{topic}} {{reason}}')],
    },
  ];
}

function notificationsPanels(): PanelSpec[] {
  const sel = 'job="notifications"';
  return [
    { title: 'Messages sent per second by channel', unit: 'ops', width: 8, targets: [t(`sum by (channel) (rate(mutuals_notifications_sent_total{${sel}}[5m]))`, '{{channel}}')] },
    { title: 'Failed sends per second', unit: 'ops', width: 8, targets: [t(`sum by (kind) (rate(mutuals_notifications_failed_total{${sel}}[5m]))`, '{{kind}}')] },
    {
      title: 'Messages waiting on the send rate limit',
      unit: 'short',
      width: 8,
      targets: [t(`max(mutuals_notifications_rate_limit_waiting_messages{${sel}})`, 'waiting')],
    },
  ];
}

function awardsPanels(): PanelSpec[] {
  const sel = 'job="awards"';
  return [
    {
      title: 'Budget committed by programme (£)',
      unit: 'currencyGBP',
      targets: [t(`max by (programme_id) (mutuals_programme_budget_committed_pence{${sel}}) / 100`, '{{programme_id}}')],
    },
    {
      title: 'Share of budget committed by programme',
      unit: 'percentunit',
      targets: [
        t(`max by (programme_id) (mutuals_programme_budget_committed_pence{${sel}}) / (max by (programme_id) (mutuals_programme_budget_pence{${sel}}) > 0)`, '{{programme_id}}'),
      ],
    },
  ];
}

function serviceDashboard(job: (typeof SERVICES)[number]) {
  const sections = [{ title: 'HTTP', panels: httpPanels(job) }];
  if ((MESSAGING_SERVICES as readonly string[]).includes(job)) sections.push({ title: 'Events', panels: messagingPanels(job) });
  if (job === 'notifications') sections.push({ title: 'Email', panels: notificationsPanels() });
  if (job === 'awards') sections.push({ title: 'Budgets', panels: awardsPanels() });
  sections.push({ title: 'Process', panels: processPanels(job) });
  const titles: Record<string, string> = {
    applications: 'Applications',
    intake: 'Intake',
    awards: 'Awards',
    notifications: 'Notifications',
    portal: 'Portal',
  };
  return dashboard(`mutuals-${job}`, `Mutuals / ${titles[job]}`, `The ${job} service: HTTP, ${job === 'portal' ? '' : 'events, '}process.`, sections);
}

/** Submission -> outbox -> Kafka -> consumer -> email, one row per hop. */
function pipelineDashboard() {
  return dashboard('mutuals-pipeline', 'Mutuals / Pipeline end to end', 'An application submitted, its event through the outbox and Kafka, handled by notifications, the email sent.', [
    {
      title: '1. Submissions',
      panels: [
        {
          title: 'Applications submitted per second',
          unit: 'ops',
          targets: [t(`sum(rate(mutuals_http_requests_total{job="applications", method="POST", route="/applications/:id/submit", status_class="2xx"}[5m]))`, 'submitted')],
        },
        {
          title: 'Submit duration p95',
          unit: 's',
          targets: [t(`histogram_quantile(0.95, sum by (le) (rate(mutuals_http_request_duration_seconds_bucket{job="applications", route="/applications/:id/submit"}[5m])))`, 'p95')],
        },
      ],
    },
    {
      title: '2. Outbox',
      panels: [
        { title: 'Rows waiting by service', unit: 'short', width: 8, targets: [t('max by (job) (mutuals_outbox_unpublished_messages)', '{{job}}')] },
        { title: 'Oldest waiting row by service', unit: 's', width: 8, targets: [t('max by (job) (mutuals_outbox_oldest_unpublished_age_seconds)', '{{job}}')] },
        { title: 'Published per second by service', unit: 'ops', width: 8, targets: [t('sum by (job) (rate(mutuals_outbox_published_total[5m]))', '{{job}}')] },
      ],
    },
    {
      title: '3. Consumers',
      panels: [
        {
          title: 'Lag by consumer group and topic',
          unit: 'short',
          targets: [t('sum by (consumer_group, topic) (max by (consumer_group, topic, partition) (mutuals_kafka_consumer_lag_messages))', '{{consumer_group}} {{topic}}')],
        },
        {
          title: 'Events handled per second by service and outcome',
          unit: 'ops',
          targets: [t('sum by (job, outcome) (rate(mutuals_event_handler_duration_seconds_count[5m]))', '{{job}} {{outcome}}')],
        },
        {
          title: 'ApplicationSubmitted handled by notifications, p95',
          unit: 's',
          targets: [
            t(
              'histogram_quantile(0.95, sum by (le) (rate(mutuals_event_handler_duration_seconds_bucket{job="notifications", event_type="applications.application.submitted.v1", outcome="handled"}[5m])))',
              'p95',
            ),
          ],
        },
        { title: 'Dead letters in the last hour', unit: 'short', targets: [t('sum by (job, topic, reason) (increase(mutuals_dead_letters_total[1h]))', '{{job}} {{topic}} {{reason}}')] },
      ],
    },
    {
      title: '4. Email',
      panels: [
        { title: 'Sent per second', unit: 'ops', width: 8, targets: [t('sum by (channel) (rate(mutuals_notifications_sent_total[5m]))', '{{channel}}')] },
        { title: 'Waiting on the send rate limit', unit: 'short', width: 8, targets: [t('max(mutuals_notifications_rate_limit_waiting_messages)', 'waiting')] },
        { title: 'Failed sends per second', unit: 'ops', width: 8, targets: [t('sum by (kind) (rate(mutuals_notifications_failed_total[5m]))', '{{kind}}')] },
      ],
    },
  ]);
}

/** File name (under ops/grafana) -> dashboard. */
export function dashboards(): Record<string, ReturnType<typeof dashboard>> {
  return {
    ...Object.fromEntries(SERVICES.map((job) => [`${job}.json`, serviceDashboard(job)])),
    'pipeline.json': pipelineDashboard(),
  };
}
