import { Module } from '@nestjs/common';
import { DemoDataService } from './demo-data.service';
import { GetDemoDataHttpController } from './get-demo-data.http.controller';

/** The demonstration-data flag (GET /api/v1/demo-data; `demo` in GET /api/v1/progress and the district exports). */
@Module({
  controllers: [GetDemoDataHttpController],
  providers: [DemoDataService],
  exports: [DemoDataService],
})
export class DemoDataModule {}
