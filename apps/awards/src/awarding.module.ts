import { Module } from '@nestjs/common';
import { OfficerAlertsController } from './alerts/officer-alerts.controller';
import { OfficerAlertsService } from './alerts/officer-alerts.service';
import { OfficerAlertsWorker } from './alerts/officer-alerts.worker';
import { AssessmentsService } from './assessments/assessments.service';
import { AssessorCasesController } from './assessments/assessor-cases.controller';
import { AllocationService } from './assessors/allocation.service';
import { AssessorsController } from './assessors/assessors.controller';
import { AssessorsService } from './assessors/assessors.service';
import { AwardsController } from './awards/awards.controller';
import { AwardsService } from './awards/awards.service';
import { OfferExpiryWorker } from './awards/offer-expiry.worker';
import { MonitoringController } from './monitoring/monitoring.controller';
import { MonitoringScanWorker } from './monitoring/monitoring-scan.worker';
import { MonitoringService } from './monitoring/monitoring.service';
import { MutualsController } from './mutuals/mutuals.controller';
import { MutualsService } from './mutuals/mutuals.service';
import { CaseEventsConsumer } from './cases/case-events.consumer';
import { CaseIntakeService } from './cases/case-intake.service';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { DecisionsService } from './decisions/decisions.service';
import { DemoDataSeeder } from './demo/demo-data.seeder';
import { DossierController } from './dossier/dossier.controller';
import { DossierService } from './dossier/dossier.service';
import { ExportsController } from './exports/exports.controller';
import { SupportInKindController } from './inkind/support-in-kind.controller';
import { SupportInKindService } from './inkind/support-in-kind.service';
import { BudgetMetrics } from './programmes/budget-metrics';
import { BudgetService } from './programmes/budget.service';
import { ProgrammeSettingsConsumer } from './programmes/programme-settings.consumer';
import { ProgrammesController } from './programmes/programmes.controller';
import { TrackingService } from './programmes/tracking.service';
import { ReconsiderationsController, ReconsiderationWindowsController } from './reconsiderations/reconsiderations.controller';
import { ReconsiderationsService } from './reconsiderations/reconsiderations.service';

/** Assessment, decisions and awards: one bounded context, its features in their own folders. */
@Module({
  controllers: [
    CasesController,
    AssessorsController,
    AssessorCasesController,
    DossierController,
    AwardsController,
    MonitoringController,
    ProgrammesController,
    ExportsController,
    SupportInKindController,
    ReconsiderationsController,
    ReconsiderationWindowsController,
    OfficerAlertsController,
    MutualsController,
  ],
  providers: [
    CaseEventsConsumer,
    DossierService,
    ProgrammeSettingsConsumer,
    BudgetService,
    BudgetMetrics,
    AllocationService,
    CaseIntakeService,
    CasesService,
    AssessorsService,
    AssessmentsService,
    DecisionsService,
    AwardsService,
    OfferExpiryWorker,
    MonitoringService,
    MonitoringScanWorker,
    TrackingService,
    DemoDataSeeder,
    SupportInKindService,
    ReconsiderationsService,
    OfficerAlertsService,
    OfficerAlertsWorker,
    MutualsService,
  ],
})
export class AwardingModule {}
