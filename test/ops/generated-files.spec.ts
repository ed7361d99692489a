/**
 * The files generated from code (Grafana dashboards, and the Kubernetes manifests that follow from
 * the contracts and the services' topology, and the Kafka ACLs of infra/kafka/acls.json) are committed; this fails while one differs from what
 * the code gives. `npm run ops:files` (UPDATE_OPS_FILES=1) writes them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dashboards } from '../../ops/dashboards';
import { kafkaAccess, platformFiles } from '../../ops/k8s';

const ROOT = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

function expected(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, dashboard] of Object.entries(dashboards())) files[`ops/grafana/${name}`] = JSON.stringify(dashboard, null, 2) + '\n';
  for (const [name, content] of Object.entries(platformFiles(read('ops/prometheus/alerts.yml')))) files[`k8s/components/platform/${name}`] = content;
  files['infra/kafka/acls.json'] = JSON.stringify(kafkaAccess(), null, 2) + '\n';
  return files;
}

describe('generated operations files', () => {
  const files = expected();

  if (process.env.UPDATE_OPS_FILES) {
    it('are written', () => {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(resolve(ROOT, path)), { recursive: true });
        writeFileSync(resolve(ROOT, path), content);
      }
    });
  }

  it.each(Object.keys(files))('%s is what the code gives (npm run ops:files writes it)', (path) => {
    let committed = '';
    try {
      committed = read(path);
    } catch {
      throw new Error(`${path} is missing: run npm run ops:files`);
    }
    expect(committed).toBe(files[path]);
  });
});
