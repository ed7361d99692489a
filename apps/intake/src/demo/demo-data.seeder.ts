import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BidsService } from '../bids/bids.service';
import { IntakeConfig } from '../config';
import { ProgrammeEntity } from '../programmes/programme.entity';
import { ProgrammesService } from '../programmes/programmes.service';
import { RoundsService } from '../rounds/rounds.service';
import { DD_2014_ROUND, DELIVERING_DIFFERENTLY, deliveringDifferentlyBids, DEMO_OFFICER, INELIGIBLE_REASON, YOUNG_PEOPLE, youngPeopleRound } from './demo-data';

const HOUR = 3600 * 1000;

/**
 * Seeds the local quick start (DEMO_DATA=true) through the service's own use cases, so the events
 * reach the other services as real ones would; the 2014 round is replayed at its own dates. Runs
 * before the round scheduler starts (module init comes before bootstrap), and once: the programme
 * being there means done.
 */
@Injectable()
export class DemoDataSeeder implements OnModuleInit {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: IntakeConfig,
    private readonly dataSource: DataSource,
    private readonly programmes: ProgrammesService,
    private readonly rounds: RoundsService,
    private readonly bids: BidsService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.DEMO_DATA) return;
    if (await this.dataSource.manager.exists(ProgrammeEntity, { where: { code: DELIVERING_DIFFERENTLY.code } })) return;
    const bids = await this.seedDeliveringDifferently();
    await this.seedOpenRound();
    this.logger.log(`demo data seeded: 2 programmes, 2 rounds, ${bids} bids in Delivering Differently 2014`);
  }

  private async seedDeliveringDifferently(): Promise<number> {
    const programme = await this.programmes.create(DEMO_OFFICER, DELIVERING_DIFFERENTLY);
    const round = await this.rounds.create(DEMO_OFFICER, programme.id, DD_2014_ROUND);
    const opensAt = new Date(DD_2014_ROUND.opensAt);
    await this.rounds.move(DEMO_OFFICER, round.id, 'scheduled', new Date(opensAt.getTime() - 14 * 24 * HOUR));
    await this.dataSource.transaction((m) => this.rounds.openDue(m, opensAt));
    const demoBids = deliveringDifferentlyBids();
    for (const demo of demoBids) {
      const bid = await this.bids.create(demo.user, round.id, demo.content, demo.submittedAt);
      // The demo's partners agreed to their joint bids the day before they went in.
      for (const code of demo.content.partnerAuthorityCodes ?? []) {
        await this.bids.answer({ id: `council-${code}`, roles: ['applicant'], organisationId: code }, bid.id, 'accepted', undefined, new Date(demo.submittedAt.getTime() - 24 * HOUR));
      }
      if (demo.outcome === 'draft') continue;
      await this.bids.submit(demo.user, bid.id, demo.submittedAt);
      const later = new Date(demo.submittedAt.getTime() + HOUR);
      if (demo.outcome === 'withdrawn') await this.bids.withdraw(demo.user, bid.id, 'The council has decided to keep the service in house for now', later);
      if (demo.outcome === 'ineligible-by-officer') await this.bids.screenManually(DEMO_OFFICER, bid.id, { outcome: 'ineligible', reason: INELIGIBLE_REASON }, later);
    }
    await this.dataSource.transaction((m) => this.rounds.closeDue(m, new Date(DD_2014_ROUND.closesAt)));
    return demoBids.length;
  }

  private async seedOpenRound(): Promise<void> {
    const programme = await this.programmes.create(DEMO_OFFICER, YOUNG_PEOPLE);
    const round = await this.rounds.create(DEMO_OFFICER, programme.id, youngPeopleRound(new Date()));
    await this.rounds.move(DEMO_OFFICER, round.id, 'scheduled');
  }
}
