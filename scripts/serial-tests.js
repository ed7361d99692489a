// Test files the full run (scripts/test.sh) runs one at a time, after the rest has run two files
// at a time: their assertions are about speed (send rates, a deadline surge, SMTP latency, alerts
// firing in time) or they load the machine (a browser, killed processes, chaos), so on two cores a
// neighbouring file would make them fail or flake. Path regexes, as Jest's --testPathPattern takes.
// The portal's files drive Chromium, but for those listed here, which only call HTTP and the
// database: a new portal file runs alone unless it is named here.
const PORTAL_WITHOUT_BROWSER = ['admin-create', 'authorization-matrix', 'directory', 'lists-of-thousands', 'oidc-built-portal', 'service-tokens', 'sessions'];

module.exports = [
  `/apps/portal/test/(?!(${PORTAL_WITHOUT_BROWSER.join('|')})\\.)`,
  '/apps/notifications/test/(rate-limit|reminders)\\.',
  '/apps/notifications/src/deliveries/send-rate\\.',
  '/apps/notifications/src/channels/smtp\\.channel\\.',
  '/apps/intake/test/(deadline-surge|intake)\\.',
  '/apps/awards/test/kill-and-terminate\\.',
  '/apps/awards/test/demo-data\\.',
  '/test/chaos/',
  '/test/ops/(consumer-lag-alert|metrics|readiness)\\.',
  '/test/e2e/(tracing|dead-letters|consumer-faults|consumer-batches|kafka-sasl)\\.',
];
