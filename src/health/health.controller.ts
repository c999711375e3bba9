import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/auth/roles.decorator';
import { PointWriter } from '../persistence/point-writer';

class LiveDto {
  @ApiProperty({ example: 'ok' })
  status!: string;
}

class JournalHealthDto {
  @ApiProperty({ example: true, description: 'Below JOURNAL_MAX_BYTES and the disk takes appends' })
  accepting!: boolean;
  @ApiProperty({ example: 'journal accepting: 0 points waiting for InfluxDB' })
  detail!: string;
  @ApiProperty({ example: 0, description: 'Points journaled and not yet confirmed by InfluxDB' })
  backlogPoints!: number;
  @ApiProperty({
    example: 0,
    description: 'Journal bytes not yet in InfluxDB, compared with maxBytes',
  })
  backlogBytes!: number;
  @ApiProperty({ example: 4096, description: 'Segment bytes on disk, forwarded or not' })
  diskBytes!: number;
  @ApiProperty({ example: 1073741824, description: 'JOURNAL_MAX_BYTES' })
  maxBytes!: number;
  @ApiProperty({ example: 0, description: 'Age of the oldest point not yet in InfluxDB' })
  oldestUnsentAgeSeconds!: number;
  @ApiProperty({ example: '/srv/app/apps_data/http_server/dead-letter.lp' })
  deadLetterFile!: string;
}

class InfluxHealthDto {
  @ApiProperty({ example: false, description: 'InfluxDB took the last write or probe' })
  ready!: boolean;
  @ApiProperty({ example: 'unreachable: ECONNREFUSED' })
  detail!: string;
  @ApiProperty({ example: '1.8.10', required: false })
  version?: string;
  @ApiProperty({ example: 'v1', required: false })
  api?: string;
}

class StorageHealthDto {
  @ApiProperty({ example: 'influxdb', enum: ['influxdb', 'line-protocol-file'] })
  kind!: string;
  @ApiProperty({ example: true, description: 'Samples are accepted and kept now' })
  ready!: boolean;
  @ApiProperty({
    example: 'journal accepting: 0 points waiting for InfluxDB; InfluxDB unreachable: ECONNREFUSED',
  })
  detail!: string;
  @ApiProperty({ example: '1.8.10', required: false })
  version?: string;
  @ApiProperty({ example: 'v1', required: false })
  api?: string;
  @ApiProperty({ example: 0, description: 'Points accepted and not yet in their final store' })
  backlog!: number;
  @ApiProperty({
    type: JournalHealthDto,
    required: false,
    description: 'With an InfluxDB configured: the store-and-forward journal in front of it',
  })
  journal?: JournalHealthDto;
  @ApiProperty({
    type: InfluxHealthDto,
    required: false,
    description: "With an InfluxDB configured: InfluxDB's own state, whatever the journal's",
  })
  influxdb?: InfluxHealthDto;
}

class ReadyDto {
  @ApiProperty({ example: 'ready', enum: ['ready', 'not_ready'] })
  status!: string;
  @ApiProperty({ type: StorageHealthDto })
  storage!: StorageHealthDto;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly writer: PointWriter) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is up and serving HTTP' })
  @ApiOkResponse({ type: LiveDto })
  live(): LiveDto {
    return { status: 'ok' };
  }

  /**
   * Ready means the service can accept *and keep* samples: a load balancer or PLC gateway should
   * not send here while the durable path is full or failing, because every request would get 503.
   * With the journal in front of InfluxDB, an InfluxDB outage alone does not make it unready.
   */
  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'The service can accept and keep samples now (storage state in the body either way)',
  })
  @ApiOkResponse({ type: ReadyDto })
  @ApiServiceUnavailableResponse({
    type: ReadyDto,
    description: 'Storage cannot take writes (journal at JOURNAL_MAX_BYTES, disk failing)',
  })
  ready(@Res({ passthrough: true }) res: Response): ReadyDto {
    const storage = this.writer.health();
    res.status(storage.ready ? 200 : 503);
    return { status: storage.ready ? 'ready' : 'not_ready', storage };
  }
}
