#!/usr/bin/env node
/**
 * Where a service's CPU went, from a .cpuprofile written by `npm run bench -- --profile`: self time
 * by package (or our own code, or Node's internals) and by function.
 *   node bench/profile-summary.js bench/results/profiles/notifications-1234.cpuprofile
 */
const fs = require('node:fs');

function summarise(file, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byPackage = new Map();
  const byFunction = new Map();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = packageOf(url, functionName);
    if (where === '(idle)') continue;
    byPackage.set(where, (byPackage.get(where) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const busy = [...byPackage.values()].reduce((a, b) => a + b, 0);
  const table = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
  return [
    `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s on the CPU (${((100 * busy) / total).toFixed(0)}%)`,
    'CPU time by package:',
    ...table(byPackage),
    'CPU time by function (self):',
    ...table(byFunction),
  ].join('\n');
}

function packageOf(url, functionName) {
  if (functionName === '(idle)' || functionName === '(program)') return functionName === '(idle)' ? '(idle)' : '(node/V8 internals)';
  if (functionName === '(garbage collector)') return '(garbage collector)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (/\/dist\//.test(url)) return '(our code)';
  return url.startsWith('node:') || url === '' ? '(node core)' : url;
}

function shortUrl(url) {
  return url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node bench/profile-summary.js <file.cpuprofile>...');
    process.exit(2);
  }
  for (const file of files) console.log(summarise(file) + '\n');
}

module.exports = { summarise };
