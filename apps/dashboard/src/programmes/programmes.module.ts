import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { ListProgrammesHandler } from './list-programmes.handler';
import { ListProgrammesHttpController } from './list-programmes.http.controller';

/** GET /api/v1/programmes (issue 14). */
@Module({
  imports: [ProgressModule],
  controllers: [ListProgrammesHttpController],
  providers: [ListProgrammesHandler],
})
export class ProgrammesModule {}
