import { Module } from '@nestjs/common';
import { ProgressSignalService } from './progress-signal.service';
import { StreamProgressHttpController } from './stream-progress.http.controller';

/** Live updates: PostgreSQL LISTEN progress_changed → Server-Sent Events at /api/v1/live/progress. */
@Module({
  controllers: [StreamProgressHttpController],
  providers: [ProgressSignalService],
  exports: [ProgressSignalService],
})
export class LiveModule {}
