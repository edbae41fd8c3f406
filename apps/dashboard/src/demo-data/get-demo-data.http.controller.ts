import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthGuard } from '@pledge/auth';
import { DemoDataService, type DemoDataState } from './demo-data.service';

export class DemoDataDto implements DemoDataState {
  @ApiProperty({ description: 'Demonstration data (npm run demo) is in the figures: show "Dữ liệu minh họa / Demonstration data"' }) present: boolean;
  @ApiProperty({ description: 'Demonstration events loaded' }) events: number;
  @ApiPropertyOptional({ nullable: true, type: String }) loadedAt: string | null;
}

@ApiTags('progress')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@ApiUnauthorizedResponse({ description: 'No or invalid access token' })
@Controller('api/v1/demo-data')
export class GetDemoDataHttpController {
  constructor(private readonly demo: DemoDataService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Whether demonstration data is loaded (every page shows the banner "Dữ liệu minh họa" while it is)' })
  @ApiOkResponse({ type: DemoDataDto })
  get(): Promise<DemoDataState> {
    return this.demo.state();
  }
}
