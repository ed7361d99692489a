/**
 * The alert rules of ops/prometheus/alerts.yml evaluated by Prometheus itself (`promtool test
 * rules`, from Debian's prometheus package or PROMTOOL) over made-up series: each fires on the
 * trouble it is for, after its `for`, and stays quiet on the look-alike that is not trouble.
 * Skipped, saying so, where promtool is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadAlertRules } from './ops-files';

const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
const installed = spawnSync(PROMTOOL, ['--version']).status === 0;
if (!installed) process.stderr.write(`alert rules not evaluated: no ${PROMTOOL} (apt-get install prometheus, or set PROMTOOL)\n`);

interface Case {
  series: Record<string, string>;
  alert: string;
  /** Minutes from the start -> the label sets firing then (without alertname). */
  expect: [number, Record<string, string>[]][];
}

const lag = (group: string, topic: string) => `mutuals_kafka_consumer_lag_messages{job="applications", consumer_group="${group}", topic="${topic}", partition="0"}`;
const CASES: Record<string, Case> = {
  'consumer lag above 100 and growing for 10 minutes (notifications stopped, 500 waiting), not a steady backlog': {
    alert: 'MutualsConsumerLagGrowing',
    series: { [lag('notifications', 'applications.application.v1')]: '0+50x10 500x20', [lag('awards', 'intake.bid.v1')]: '500x30' },
    expect: [
      [12, []], // above 100 since minute 3, not yet for 10 minutes
      [14, [{ consumer_group: 'notifications', topic: 'applications.application.v1', severity: 'warning' }]],
      [25, []], // stuck at 500 for more than 10 minutes: no longer growing
    ],
  },
  'the oldest outbox row older than a minute, not one of 45 s': {
    alert: 'MutualsOutboxStuck',
    series: { 'mutuals_outbox_oldest_unpublished_age_seconds{job="awards"}': '0+30x10', 'mutuals_outbox_oldest_unpublished_age_seconds{job="intake"}': '45x10' },
    expect: [[4, [{ job: 'awards', severity: 'critical' }]]],
  },
  'any dead letter, for the next 5 minutes': {
    alert: 'MutualsDeadLetter',
    series: { 'mutuals_dead_letters_total{job="notifications", topic="awards.case.v1", reason="not-json"}': '0 0 0 1x10' },
    expect: [
      [2, []],
      [4, [{ job: 'notifications', topic: 'awards.case.v1', reason: 'not-json', severity: 'warning' }]],
      [10, []],
    ],
  },
  'more than 5% of requests answering 5xx for 5 minutes, not 1%': {
    alert: 'MutualsHttpErrors',
    series: {
      'mutuals_http_requests_total{job="awards", status_class="2xx"}': '0+90x20',
      'mutuals_http_requests_total{job="awards", status_class="5xx"}': '0+10x20',
      'mutuals_http_requests_total{job="intake", status_class="2xx"}': '0+99x20',
      'mutuals_http_requests_total{job="intake", status_class="5xx"}': '0+1x20',
    },
    expect: [[10, [{ job: 'awards', severity: 'critical' }]]],
  },
  'a pod failing readiness for 5 minutes': {
    alert: 'MutualsNotReady',
    series: {
      'kube_pod_status_ready{namespace="mutuals", pod="awards-7d9f-x2", condition="true"}': '1 1 0x10',
      'kube_pod_status_ready{namespace="mutuals", pod="intake-5c4b-q8", condition="true"}': '1x12',
    },
    expect: [
      [5, []],
      [9, [{ namespace: 'mutuals', pod: 'awards-7d9f-x2', severity: 'warning' }]],
    ],
  },
  'a service with no ready replica for 2 minutes': {
    alert: 'MutualsNoReadyReplica',
    series: { 'kube_deployment_status_replicas_available{namespace="mutuals", deployment="notifications"}': '2 2 0x10' },
    expect: [[6, [{ namespace: 'mutuals', deployment: 'notifications', severity: 'critical' }]]],
  },
  'a service that does not answer its scrape for 2 minutes': {
    alert: 'MutualsScrapeFailing',
    series: { 'up{job="portal", pod="portal-1", instance="10.0.0.7:3000"}': '1 1 0x10', 'up{job="awards", pod="awards-1", instance="10.0.0.8:3003"}': '1x12' },
    expect: [[6, [{ job: 'portal', pod: 'portal-1', instance: '10.0.0.7:3000', severity: 'critical' }]]],
  },
};

/** Runs promtool on the rules (annotations left out: they are templates, checked in dashboards-and-alerts) and one case. */
function promtoolTest(c: Case): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'alert-rules-'));
  try {
    const rules = loadAlertRules().map(({ annotations: _, ...rule }) => rule);
    writeFileSync(join(dir, 'rules.yml'), stringify({ groups: [{ name: 'mutuals', rules }] }));
    const test = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
          alert_rule_test: c.expect.map(([minutes, alerts]) => ({ eval_time: `${minutes}m`, alertname: c.alert, exp_alerts: alerts.map((exp_labels) => ({ exp_labels })) })),
        },
      ],
    };
    writeFileSync(join(dir, 'test.yml'), stringify(test));
    const run = spawnSync(PROMTOOL, ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(installed ? describe : describe.skip)('alert rules, evaluated by promtool', () => {
  it('every rule has a case here', () => {
    expect(Object.values(CASES).map((c) => c.alert).sort()).toEqual(loadAlertRules().map((r) => r.alert).sort());
  });

  it.each(Object.entries(CASES))('%s', (_, c) => {
    const { status, output } = promtoolTest(c);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  it('fails a case whose expected alert does not fire (the check can fail)', () => {
    const quiet = { ...CASES['the oldest outbox row older than a minute, not one of 45 s'], expect: [[4, [{ job: 'intake', severity: 'critical' }]]] as Case['expect'] };
    expect(promtoolTest(quiet).status).not.toBe(0);
  });
});
