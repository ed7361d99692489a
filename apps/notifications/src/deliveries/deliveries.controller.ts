import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@mutuals/auth';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryPage, DeliveryQuery, DeliveryView } from './deliveries.dto';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  @Get()
  @Roles('programme_officer')
  @ApiOperation({ summary: 'The delivery log: by application (subject), recipient, status and time, newest first' })
  @ApiOkResponse({ type: DeliveryPage })
  async list(@Query() query: DeliveryQuery): Promise<DeliveryPage> {
    const { items, total } = await this.deliveries.search(
      {
        subjectId: query.subjectId,
        recipient: query.recipient,
        status: query.status,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      query.page,
      query.pageSize,
    );
    return { items: items.map(DeliveryView.of), page: query.page, pageSize: query.pageSize, total };
  }
}
