import { Module } from '@nestjs/common';
import { AnomalyDetectionModule } from '../anomaly-detection/anomaly-detection.module';
import { MesModule } from '../mes/mes.module';
import { PersistenceModule } from '../persistence/persistence.module';
import { IngestController } from './ingest.controller';
import { IngestionService } from './ingestion.service';
import { LegacyIngestController } from './legacy-ingest.controller';
import { BulkIngestController } from './bulk-ingest.controller';
import { TimeStampConstraint } from './validation/sample-validators';
import { SeriesEndConstraint, TimeStampListConstraint } from './validation/series-validators';

@Module({
  imports: [AnomalyDetectionModule, PersistenceModule, MesModule],
  controllers: [LegacyIngestController, IngestController, BulkIngestController],
  providers: [IngestionService, TimeStampConstraint, TimeStampListConstraint, SeriesEndConstraint],
})
export class IngestionModule {}
