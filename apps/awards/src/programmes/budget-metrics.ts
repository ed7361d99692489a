import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Gauge } from 'prom-client';
import { MetricsRegistry, ScrapeCache, withTimeout } from '@mutuals/metrics';

interface ProgrammeBudget {
  id: string;
  budget: number;
  committed: number;
}

/** Each programme's budget and what is committed against it, read on scrape (labelled by id, never by name). */
@Injectable()
export class BudgetMetrics {
  private readonly logger = new Logger('BudgetMetrics');

  constructor(metrics: MetricsRegistry, dataSource: DataSource) {
    const reading = new ScrapeCache<ProgrammeBudget[]>(
      () =>
        withTimeout(
          dataSource
            .query('select id, budget_pence, committed_pence from programmes')
            .then((rows: { id: string; budget_pence: string; committed_pence: string }[]) =>
              rows.map((r) => ({ id: r.id, budget: Number(r.budget_pence), committed: Number(r.committed_pence) })),
            ),
          2000,
          'the programmes query',
        ),
      1000,
    );
    const logger = this.logger;
    const read = async (gauge: Gauge<'programme_id'>, pick: (p: ProgrammeBudget) => number) => {
      gauge.reset();
      try {
        for (const p of await reading.get()) gauge.set({ programme_id: p.id }, pick(p));
      } catch (err) {
        logger.warn({ msg: 'budget metrics unavailable', error: String(err instanceof Error ? err.message : err) });
      }
    };
    metrics.gauge({
      name: 'mutuals_programme_budget_committed_pence',
      help: 'Money committed against a programme or fund budget by approved awards, in pence.',
      labelNames: ['programme_id'],
      async collect() {
        await read(this, (p) => p.committed);
      },
    });
    metrics.gauge({
      name: 'mutuals_programme_budget_pence',
      help: "A programme's or fund's budget, in pence.",
      labelNames: ['programme_id'],
      async collect() {
        await read(this, (p) => p.budget);
      },
    });
  }
}
