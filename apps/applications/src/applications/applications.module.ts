import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { AwardEventsConsumer } from './award-events.consumer';

@Module({ imports: [OrganisationsModule], controllers: [ApplicationsController, AwardEventsConsumer], providers: [ApplicationsService], exports: [ApplicationsService] })
export class ApplicationsModule {}
