import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../common/auth/roles.decorator';
import { PointWriter } from '../persistence/point-writer';

class LiveDto {
  @ApiProperty({ example: 'ok' })
  status!: string;
}

class StorageHealthDto {
  @ApiProperty({ example: 'influxdb', enum: ['influxdb', 'line-protocol-file'] })
  kind!: string;
  @ApiProperty({ example: true })
  ready!: boolean;
  @ApiProperty({ example: 'connected' })
  detail!: string;
  @ApiProperty({ example: '1.8.10', required: false })
  version?: string;
  @ApiProperty({ example: 'v1', required: false })
  api?: string;
  @ApiProperty({ example: 0, description: 'Points queued and not yet durable' })
  backlog!: number;
}

class ReadyDto {
  @ApiProperty({ example: 'ready', enum: ['ready', 'not_ready'] })
  status!: string;
  @ApiProperty({ type: StorageHealthDto })
  storage!: StorageHealthDto;
}

@ApiTags('health')
@Public()
@SkipThrottle()
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
   * not send here while the durable path is down, because every request would get 503.
   */
  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'The service can accept and keep samples now (storage state in the body either way)',
  })
  @ApiOkResponse({ type: ReadyDto })
  @ApiServiceUnavailableResponse({ type: ReadyDto, description: 'Storage cannot take writes' })
  ready(@Res({ passthrough: true }) res: Response): ReadyDto {
    const storage = this.writer.health();
    res.status(storage.ready ? 200 : 503);
    return { status: storage.ready ? 'ready' : 'not_ready', storage };
  }
}
