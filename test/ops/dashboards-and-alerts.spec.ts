/**
 * The Grafana dashboards (ops/grafana) and the alert rules (ops/prometheus/alerts.yml) as files:
 * they load, have the shape Grafana and Prometheus expect, and every rule says how bad it is and
 * what happened. That each metric they use is exported is checked against the running services in
 * metrics.e2e-spec.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { loadAlertRules, loadDashboards } from './ops-files';
import { metricNames } from './promql';

const ROOT = resolve(__dirname, '../..');
const PANEL_TYPES = ['row', 'timeseries', 'stat', 'bargauge', 'gauge', 'table'];
const DURATION = /^(0|([0-9]+(ms|s|m|h|d|w|y))+)$/;
const dashboardFiles = readdirSync(resolve(ROOT, 'ops/grafana')).filter((f) => f.endsWith('.json')).sort();

describe('Grafana dashboards', () => {
  it('one per service and one for the pipeline', () => {
    expect(dashboardFiles).toEqual(['applications.json', 'awards.json', 'intake.json', 'notifications.json', 'pipeline.json', 'portal.json']);
  });

  it.each(loadDashboards().map((d) => [d.file, d.dashboard]))('%s is a valid dashboard', (_, dashboard) => {
    expect(dashboard).toMatchObject({ uid: expect.stringMatching(/^[a-zA-Z0-9_-]{1,40}$/), title: expect.any(String), schemaVersion: expect.any(Number) });
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    expect(Array.isArray(dashboard.panels)).toBe(true);
    const ids = dashboard.panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(PANEL_TYPES).toContain(panel.type);
      expect(panel.title).toEqual(expect.any(String));
      const { x, y, w, h } = panel.gridPos;
      for (const n of [x, y, w, h]) expect(Number.isInteger(n) && n >= 0).toBe(true);
      expect(x + w).toBeLessThanOrEqual(24);
      if (panel.type === 'row') continue;
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets.length).toBeGreaterThan(0);
      const refIds = panel.targets.map((t: any) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
      for (const target of panel.targets) {
        expect(target.expr).toEqual(expect.any(String));
        expect(metricNames(target.expr).length).toBeGreaterThan(0);
        // Balanced brackets: a cheap check that the expression was not cut.
        for (const [open, close] of ['()', '{}', '[]']) expect(target.expr.split(open).length).toBe(target.expr.split(close).length);
      }
    }
    // Panels do not overlap.
    const cells = new Set<string>();
    for (const { gridPos } of dashboard.panels) {
      for (let dx = 0; dx < gridPos.w; dx++) for (let dy = 0; dy < gridPos.h; dy++) {
        const cell = `${gridPos.x + dx},${gridPos.y + dy}`;
        expect(cells.has(cell)).toBe(false);
        cells.add(cell);
      }
    }
  });
});

describe('Prometheus alert rules', () => {
  const rules = loadAlertRules();

  it('parse, in named groups', () => {
    const file = parse(readFileSync(resolve(ROOT, 'ops/prometheus/alerts.yml'), 'utf8'));
    for (const group of file.groups) expect(group).toMatchObject({ name: expect.any(String), rules: expect.any(Array) });
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it.each(rules.map((r) => [r.alert, r]))('%s has an expression, a duration, a severity and a summary', (_, rule) => {
    expect(rule.alert).toMatch(/^Mutuals[A-Z][A-Za-z]+$/);
    expect(rule.expr).toEqual(expect.any(String));
    expect(metricNames(rule.expr).length).toBeGreaterThan(0);
    expect(String(rule.for)).toMatch(DURATION);
    expect(['warning', 'critical']).toContain(rule.labels.severity);
    expect(rule.annotations.summary).toEqual(expect.any(String));
    expect(rule.annotations.summary.length).toBeGreaterThan(10);
  });

  it('cover lag, the outbox, dead letters, HTTP errors and readiness', () => {
    const used = new Set(rules.flatMap((r) => metricNames(r.expr)));
    for (const name of ['mutuals_kafka_consumer_lag_messages', 'mutuals_outbox_oldest_unpublished_age_seconds', 'mutuals_dead_letters_total', 'mutuals_http_requests_total', 'up', 'kube_pod_status_ready']) {
      expect(used).toContain(name);
    }
    const lag = rules.find((r) => r.alert === 'MutualsConsumerLagGrowing');
    expect(lag.for).toBe('10m');
    const outbox = rules.find((r) => r.alert === 'MutualsOutboxStuck');
    expect(outbox.expr).toMatch(/> 60\s*$/);
  });

  it('reads metric names out of expressions', () => {
    expect(metricNames('histogram_quantile(0.95, sum by (le, route) (rate(mutuals_http_request_duration_seconds_bucket{job="a", route=~"x|y"}[5m])))')).toEqual([
      'mutuals_http_request_duration_seconds_bucket',
    ]);
    expect(metricNames('max by (job) (a_b) / ignoring (x) (c_d > 1e3) and on (y) up == 0')).toEqual(['a_b', 'c_d', 'up']);
  });
});
