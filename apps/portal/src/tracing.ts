// Imported first by main.ts: the instrumentation patches http, express and pg before they are loaded.
import { startTracing } from '@mutuals/observability';

startTracing('portal');
