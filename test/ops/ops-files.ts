/** The dashboards and alert rules as files, for the tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '../..');
const GRAFANA = resolve(ROOT, 'ops/grafana');

export function loadDashboards(): { file: string; dashboard: any }[] {
  return readdirSync(GRAFANA)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(resolve(GRAFANA, file), 'utf8')) }));
}

export function loadAlertRules(): any[] {
  return parse(readFileSync(resolve(ROOT, 'ops/prometheus/alerts.yml'), 'utf8')).groups.flatMap((g: any) => g.rules);
}
