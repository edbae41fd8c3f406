import { Controller, Get, Header, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthGuard, CurrentUser, Roles, type Principal } from '@pledge/auth';
import type { Response } from 'express';
import { requireViewer } from '../progress/programme/request-context';
import { ExportReportsHandler } from './export-reports.handler';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** "bao-cao.xlsx" as an attachment (ASCII name, and the UTF-8 one for browsers that read it). */
function attachment(res: Response, name: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`);
}

@ApiTags('exports')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('district_leader', 'administrator', 'commune_officer')
@ApiUnauthorizedResponse({ description: 'No or invalid access token' })
@ApiForbiddenResponse({ description: 'Secretaries do not export district reports' })
@Controller('api/v1/exports')
export class ExportReportsHttpController {
  constructor(private readonly handler: ExportReportsHandler) {}

  @Get('district-report.xlsx')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The district report as an Excel workbook (báo cáo tiến độ huyện), with the figures of GET /api/v1/progress',
    description: 'Sheets: summary, the conditions of the district standard, the communes, the cells by criterion (heatmap). Vietnamese; ?lang=en for English.',
  })
  @ApiProduces(XLSX)
  @ApiQuery({ name: 'asOf', required: false, description: 'As GET /api/v1/progress' })
  @ApiQuery({ name: 'programme', required: false, description: 'As GET /api/v1/progress (e.g. 2021-2025: the archive)' })
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async xlsx(
    @CurrentUser() me: Principal | undefined,
    @Res() res: Response,
    @Query('asOf') asOf?: string,
    @Query('lang') lang?: string,
    @Query('programme') programme?: string,
  ): Promise<void> {
    const { buffer, asOf: day } = await this.handler.districtXlsx(requireViewer(me), { asOf, lang, programme });
    res.setHeader('Content-Type', XLSX);
    attachment(res, `bao-cao-tien-do-huyen-thanh-binh-${day}.xlsx`);
    res.end(buffer);
  }

  @Get('district-report.csv')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'One table of the district report as CSV (UTF-8 with BOM, comma-separated, decimal point, status codes)',
    description: 'table=cells (default: the cells by criterion), communes, or conditions. The figures of GET /api/v1/progress.',
  })
  @ApiProduces('text/csv')
  @ApiQuery({ name: 'table', required: false, enum: ['cells', 'communes', 'conditions'] })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'programme', required: false, description: 'As GET /api/v1/progress (e.g. 2021-2025: the archive)' })
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  async csv(
    @CurrentUser() me: Principal | undefined,
    @Res() res: Response,
    @Query('table') table?: string,
    @Query('asOf') asOf?: string,
    @Query('lang') lang?: string,
    @Query('programme') programme?: string,
  ): Promise<void> {
    const { text, asOf: day, table: t } = await this.handler.districtCsv(requireViewer(me), { asOf, lang, table, programme });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    attachment(res, `bao-cao-tien-do-huyen-thanh-binh-${t}-${day}.csv`);
    res.end(text);
  }

  @Get('evaluation-:year.xlsx')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The year-end evaluation report (đánh giá, xếp loại chi bộ) as an Excel workbook, from GET /api/v1/evaluations/{year}' })
  @ApiParam({ name: 'year', example: 2025 })
  @ApiProduces(XLSX)
  @ApiQuery({ name: 'lang', required: false, enum: ['vi', 'en'] })
  @ApiQuery({ name: 'programme', required: false, description: 'As GET /api/v1/progress (e.g. 2021-2025: the archive)' })
  async evaluation(
    @CurrentUser() me: Principal | undefined,
    @Res() res: Response,
    @Param('year') year: string,
    @Query('lang') lang?: string,
    @Query('programme') programme?: string,
  ): Promise<void> {
    const { buffer, year: y } = await this.handler.evaluationXlsx(requireViewer(me), year, lang, programme);
    res.setHeader('Content-Type', XLSX);
    attachment(res, `danh-gia-xep-loai-chi-bo-${y}.xlsx`);
    res.end(buffer);
  }
}
