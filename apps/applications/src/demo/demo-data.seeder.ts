import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthenticatedUser } from '@mutuals/auth';
import { ApplicationsService } from '../applications/applications.service';
import { ApplicationsConfig } from '../config';
import { FundEntity } from '../funds/fund.entity';
import { FundsService } from '../funds/funds.service';
import { RegisterOrganisationDto } from '../organisations/organisation.dto';
import { OrganisationsService } from '../organisations/organisations.service';
import { DEMO_APPLICATIONS, DEMO_FUNDS, DEMO_OFFICER, DEMO_ORGANISATIONS } from './demo-data';

/**
 * Seeds the local quick start (DEMO_DATA=true) through the service's own use cases, so the
 * events reach the other services as real ones would. Runs once: a fund already there means done.
 */
@Injectable()
export class DemoDataSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly config: ApplicationsConfig,
    private readonly dataSource: DataSource,
    private readonly funds: FundsService,
    private readonly organisations: OrganisationsService,
    private readonly applications: ApplicationsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DEMO_DATA) return;
    if (await this.dataSource.manager.exists(FundEntity, { where: { name: DEMO_FUNDS[0].name } })) return;
    const fundIds = new Map<string, string>();
    for (const fund of DEMO_FUNDS) fundIds.set(fund.name, (await this.funds.create(DEMO_OFFICER, fund)).id);
    const applicants = new Map<string, AuthenticatedUser>();
    for (const { applicant, organisation } of DEMO_ORGANISATIONS) {
      await this.organisations.register(applicant, organisation as RegisterOrganisationDto);
      applicants.set(organisation.name, applicant);
    }
    for (const demo of DEMO_APPLICATIONS) {
      const user = applicants.get(demo.organisation)!;
      let application = await this.applications.create(user, { ...demo.content, fundId: fundIds.get(demo.fund)! });
      if (demo.state === 'submitted' || demo.state === 'withdrawn') application = await this.applications.submit(user, application.id, application.version);
      if (demo.state === 'withdrawn') await this.applications.withdraw(user, application.id, application.version, demo.withdrawalReason);
    }
    this.logger.log(`demo data seeded: ${DEMO_FUNDS.length} funds, ${DEMO_ORGANISATIONS.length} organisations, ${DEMO_APPLICATIONS.length} applications`);
  }
}
