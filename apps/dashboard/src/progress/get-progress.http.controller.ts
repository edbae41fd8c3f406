import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DistrictProgress, GetProgressQuery } from './get-progress.query';

@ApiTags('progress')
@Controller('api/v1/progress')
export class GetProgressHttpController {
  constructor(private readonly query: GetProgressQuery) {}

  @Get()
  @ApiOperation({ summary: "The district's progress toward the new-rural standard, per commune and cell" })
  @ApiOkResponse({ description: 'District progress' })
  get(): Promise<DistrictProgress> {
    return this.query.execute();
  }
}
