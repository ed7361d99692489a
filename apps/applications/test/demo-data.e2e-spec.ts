import request from 'supertest';
import { RunningService, startTestService } from '@mutuals/testing';
import { applicationsService } from '../src/service';
import { officer } from './fixtures';

describe('demo data for the local quick start', () => {
  let service: RunningService<any> | undefined;
  afterEach(() => service?.close());

  async function demoSnapshot(s: RunningService<any>) {
    // Every page: other files on this worker's database may have made hundreds of funds of their own.
    const all: { id: string; name: string; capPerApplicationPence: number }[] = [];
    for (let page = 1; ; page += 1) {
      const body = (await request(s.url).get('/funds').query({ page, pageSize: 200 }).set(officer.auth).expect(200)).body;
      all.push(...body.items);
      if (all.length >= body.total || body.items.length === 0) break;
    }
    const funds = all.filter((f) => ['Mutuals Interim Support Fund', 'Mutuals Support Programme 2'].includes(f.name));
    const byFund = await Promise.all(
      funds.map(async (f: { id: string }) => (await request(s.url).get('/applications').query({ fundId: f.id, sort: 'reference' }).set(officer.auth).expect(200)).body.items),
    );
    // An awards service sharing the broker may already have opened cases for the submitted ones.
    const stage = (status: string) => (['draft', 'withdrawn'].includes(status) ? status : 'submitted');
    return {
      funds: funds.map((f): [string, string, number] => [f.id, f.name, f.capPerApplicationPence]),
      applications: byFund.flat().map((a: { reference: string; organisationName: string; status: string }) => [a.organisationName, stage(a.status), a.reference]),
    };
  }

  it('seeds the programme’s funds and applicants in realistic states, once however often the service starts', async () => {
    service = await startTestService(applicationsService, { DEMO_DATA: true });
    const first = await demoSnapshot(service);
    expect(first.funds.map(([, name, cap]: [string, string, number]) => [name, cap])).toEqual([
      ['Mutuals Interim Support Fund', 2_500_000],
      ['Mutuals Support Programme 2', 6_000_000],
    ]);
    expect(first.applications.map(([name, status]: string[]) => [name, status])).toEqual(
      expect.arrayContaining([
        ['3BM', 'submitted'],
        ['Hazlitt Arts Centre', 'draft'],
        ['Blackpool youth service staff group', 'submitted'],
        ['Rochdale adult care staff group', 'withdrawn'],
        ['Care Plus Group', 'submitted'],
      ]),
    );
    await service.close();

    service = await startTestService(applicationsService, { DEMO_DATA: true });
    expect(await demoSnapshot(service)).toEqual(first);
  });
});
