import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunningService, startTestService, testUser } from '@mutuals/testing';
import { awardsService } from '../src/service';

const FUND_ID = '0b7d8a52-5b7e-4f7e-9f55-2f0c6f1d9a01';
const demoCases = async (service: RunningService<any>) =>
  (await service.app.get(DataSource).query(`select reference, status, moderation from cases where reference like 'DEMO-%' order by reference`)) as { reference: string; status: string; moderation: { agreedScore: number } | null }[];

describe('awards demo data', () => {
  it('shows a fund mid-assessment with awards paid, and seeds only once', async () => {
    const officer = testUser('programme_officer');
    const first = await startTestService(awardsService, { DEMO_DATA: true });
    try {
      const tracking = await request(first.url).get(`/programmes/${FUND_ID}`).set(officer.auth).expect(200);
      expect(tracking.body.paidPence).toBeGreaterThan(0);
      expect(tracking.body.committedPence).toBeGreaterThan(tracking.body.paidPence);
      expect(tracking.body.byStatus.map((r: { key: string }) => r.key)).toEqual(['active', 'offered']);
      const cases = await demoCases(first);
      expect(cases.map((c) => c.status)).toEqual(['offered', 'offered', 'assessed', 'offered', 'assessed', expect.stringMatching(/^(awaiting-allocation|in-assessment)$/)]);
      expect(cases[2].moderation?.agreedScore).toBe(64);
    } finally {
      await first.close();
    }
    const again = await startTestService(awardsService, { DEMO_DATA: true });
    try {
      expect(await demoCases(again)).toHaveLength(6);
    } finally {
      await again.close();
    }
  }, 120_000);
});
