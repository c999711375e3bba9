import { StorageUnavailableError } from '../../common/errors/domain-errors';
import { InfluxQlClient, InfluxQlSeries } from './influxql.client';

/**
 * The InfluxQlClient of the embedded default (no INFLUX_URL): there is nothing to query, and saying
 * so beats an empty answer that looks like "no data". Consumers that can serve from memory (latest
 * state, recent anomalies) should check the configuration instead of calling this.
 */
export class UnconfiguredInfluxQlClient extends InfluxQlClient {
  query(_influxql: string): Promise<InfluxQlSeries[]> {
    return Promise.reject(
      new StorageUnavailableError(
        'InfluxQL reads need an InfluxDB, and none is configured (INFLUX_URL is unset): ' +
          'points are written to line-protocol files under DATA_DIR/data',
      ),
    );
  }
}
