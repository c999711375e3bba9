import { Module } from '@nestjs/common';
import { AnomalyDetectionModule } from '../anomaly-detection/anomaly-detection.module';
import { MesModule } from '../mes/mes.module';
import { PersistenceModule } from '../persistence/persistence.module';
import { StateService } from './state.service';

/** Detector and line-status snapshots under DATA_DIR/state, and replay of the log at start. */
@Module({
  imports: [PersistenceModule, AnomalyDetectionModule, MesModule],
  providers: [StateService],
})
export class StateModule {}
