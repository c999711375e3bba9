import { HttpError } from '@influxdata/influxdb-client';
import { StorageUnavailableError } from '../../common/errors/domain-errors';
import { InfluxConnection } from './influx-connection';
import { classifyFailure, influxMessage } from './influx-failure';
import { InfluxQlClient, InfluxQlSeries } from './influxql.client';

interface QueryAnswer {
  error?: string;
  results?: Array<{ error?: string; series?: InfluxQlSeries[] }>;
}

/**
 * InfluxQL over `/query` against the configured database (v1) or the bucket's DBRP mapping (2.x,
 * 3.x), sharing the writer's connection (keep-alive agent, credentials, detected API). Times come
 * back as epoch milliseconds. InfluxDB reports a bad statement inside a 200 answer, so result
 * errors are checked as carefully as HTTP errors.
 */
export class HttpInfluxQlClient extends InfluxQlClient {
  constructor(private readonly connection: InfluxConnection) {
    super();
  }

  async query(influxql: string): Promise<InfluxQlSeries[]> {
    let answer: QueryAnswer | undefined;
    try {
      const { api } = await this.connection.detect();
      answer = (await this.connection.query(api, { q: influxql })) as QueryAnswer | undefined;
    } catch (error) {
      const detail =
        error instanceof HttpError
          ? `${error.statusCode}: ${influxMessage(error)}`
          : classifyFailure(error, { config: this.connection.config }).detail;
      throw new StorageUnavailableError(`InfluxQL query failed: ${detail}`);
    }
    const error = answer?.error ?? answer?.results?.find((result) => result.error)?.error;
    if (error) throw new StorageUnavailableError(`InfluxQL query failed: ${error}`);
    return (answer?.results ?? []).flatMap((result) => result.series ?? []);
  }
}
