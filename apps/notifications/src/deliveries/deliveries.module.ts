import { Module } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryReceiptsController } from './delivery-receipts.controller';
import { DeliveryMetrics } from './delivery-metrics';
import { DeliverySender } from './delivery-sender';
import { NotifyCallbackGuard } from './notify-callback.guard';

@Module({
  controllers: [DeliveriesController, DeliveryReceiptsController],
  providers: [DeliveriesRepository, DeliveryMetrics, DeliverySender, NotifyCallbackGuard],
  exports: [DeliveriesRepository],
})
export class DeliveriesModule {}
