import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@mutuals/auth';
import { DomainError } from '@mutuals/domain';
import { NotificationsConfig } from '../config';
import { DeliveriesRepository } from './deliveries.repository';
import { NotifyDeliveryReceipt } from './deliveries.dto';
import { MAX_ATTEMPTS, receiptOutcome } from './retry-policy';
import { NotifyCallbackGuard } from './notify-callback.guard';

@ApiTags('callbacks')
@Controller('callbacks/notify')
export class DeliveryReceiptsController {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly config: NotificationsConfig,
  ) {}

  @Post('delivery-receipts')
  @HttpCode(204)
  @Public()
  @UseGuards(NotifyCallbackGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: "GOV.UK Notify's delivery receipt: updates the message's status (bearer token NOTIFY_CALLBACK_TOKEN)" })
  @ApiNoContentResponse({ description: 'Recorded (or already recorded)' })
  @ApiUnauthorizedResponse({ description: 'Token missing or wrong' })
  async receive(@Body() receipt: NotifyDeliveryReceipt): Promise<void> {
    const outcome = receiptOutcome(receipt.status);
    const updated = await this.deliveries.applyReceipt(
      receipt.reference,
      receipt.id,
      { ...outcome, retryInSeconds: this.config.DELIVERY_RETRY_BASE_SECONDS },
      MAX_ATTEMPTS,
    );
    if (!updated && !(await this.deliveries.exists(receipt.reference))) throw DomainError.notFound('Delivery', receipt.reference);
  }
}
