import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { AwardEventsConsumer } from './award-events.consumer';

@Module({ imports: [OrganisationsModule], controllers: [ApplicationsController], providers: [ApplicationsService, AwardEventsConsumer], exports: [ApplicationsService] })
export class ApplicationsModule {}
