import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiExtraModels,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/roles.decorator';
import { ApiIngestErrors } from './api-ingest-responses.decorator';
import { batchSamples, seriesSamples } from './bulk-sample.mapper';
import { BATCH_ITEM_CLASSES, BatchDto, MAX_BATCH_SAMPLES } from './dto/batch.dto';
import { AcceptedDto } from './dto/ingest-responses.dto';
import { MAX_SERIES_VALUES, SeriesDto } from './dto/series.dto';
import { IngestionService } from './ingestion.service';
import { ItemLimitInterceptor } from './validation/item-limit.interceptor';

const T0 = 1764000000000;

/** Many samples per request, for IPCs that buffer or oversample. Same pipeline as single samples. */
@ApiTags('ingestion')
@Roles('ingest')
@ApiExtraModels(...Object.values(BATCH_ITEM_CLASSES))
@Controller('api/v1/ingest')
export class BulkIngestController {
  constructor(private readonly ingestion: IngestionService) {}

  @Post('batch')
  @HttpCode(202)
  @UseInterceptors(new ItemLimitInterceptor({ Samples: MAX_BATCH_SAMPLES }))
  @ApiOperation({
    operationId: 'ingestBatch',
    summary: 'Store a batch of state, sensor and vibration samples, all or nothing',
    description:
      `Up to ${MAX_BATCH_SAMPLES} samples. Each item is a single-route body plus \`Type\`; ` +
      "LineName and MachineName default to the batch's. One invalid item refuses the whole batch " +
      '(400 naming every bad field as `Samples[i].Field`); nothing of it is stored.',
  })
  @ApiBody({
    type: BatchDto,
    examples: {
      mixed: {
        summary: 'States, sensors and vibration from one machine, one item on another machine',
        value: {
          LineName: 'Line1',
          MachineName: 'Press 1',
          Samples: [
            { Type: 'state', StateName: 'Running', StateValue: 1, TimeStamp: T0 },
            { Type: 'sensor', SensorName: 'Temp', SensorValue: 42.5, TimeStamp: T0 },
            {
              Type: 'vibration',
              SensorName: 'Vib1',
              VibAccelTotRmsX: 0.3,
              VibAccelTotRmsY: 0.4,
              VibAccelTotRmsZ: 1.2,
              TimeStamp: T0 + 10,
            },
            {
              Type: 'sensor',
              MachineName: 'Press 2',
              SensorName: 'Temp',
              SensorValue: 39.8,
              TimeStamp: '2025-11-24T16:00:00.010Z',
            },
          ],
        },
      },
    },
  })
  @ApiAcceptedResponse({ description: 'Every sample stored durably', type: AcceptedDto })
  @ApiIngestErrors()
  async batch(@Body() dto: BatchDto): Promise<AcceptedDto> {
    return { accepted: await this.ingestion.ingest(batchSamples(dto, Date.now())) };
  }

  @Post('series')
  @HttpCode(202)
  @UseInterceptors(
    new ItemLimitInterceptor({ Values: MAX_SERIES_VALUES, TimeStamps: MAX_SERIES_VALUES }),
  )
  @ApiOperation({
    operationId: 'ingestSeries',
    summary: 'Store an array of values of one sensor, evenly spaced or with their own times',
    description:
      `Up to ${MAX_SERIES_VALUES} values. Each value is stored and scored as if posted alone to ` +
      '`/api/v1/ingest/sensor`, in time order.',
  })
  @ApiBody({
    type: SeriesDto,
    examples: {
      evenlySpaced: {
        summary: 'Sampled every millisecond from StartTime',
        value: {
          LineName: 'Line1',
          MachineName: 'Press 1',
          SensorName: 'Temp',
          StartTime: T0,
          IntervalMs: 1,
          Values: [20.1, 20.3, 20.2, 20.4],
        },
      },
      ownTimeStamps: {
        summary: 'Each value with its own time',
        value: {
          LineName: 'Line1',
          MachineName: 'Press 1',
          SensorName: 'Temp',
          TimeStamps: [T0, T0 + 1, T0 + 3],
          Values: [20.1, 20.3, 20.2],
        },
      },
    },
  })
  @ApiAcceptedResponse({ description: 'Every value stored durably', type: AcceptedDto })
  @ApiIngestErrors()
  async series(@Body() dto: SeriesDto): Promise<AcceptedDto> {
    return { accepted: await this.ingestion.ingest(seriesSamples(dto)) };
  }
}
