/** Just enough PromQL reading for the tests: the metric names an expression selects. */

const NOT_METRICS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan',
]);

export function metricNames(expr: string): string[] {
  let s = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  s = s.replace(/\{[^}]*\}/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of s.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const token = match[0];
    const before = s[match.index! - 1];
    if (before && /[0-9.]/.test(before)) continue; // the exponent or unit of a number
    const after = s.slice(match.index! + token.length).trimStart();
    if (after.startsWith('(')) continue; // a function or an aggregation
    if (NOT_METRICS.has(token.toLowerCase())) continue;
    names.add(token);
  }
  return [...names];
}

/** Metrics that come from elsewhere: Prometheus itself (`up`) and kube-state-metrics (`kube_*`). */
export const EXTERNAL_METRIC = /^(up|kube_[a-z_]+)$/;
