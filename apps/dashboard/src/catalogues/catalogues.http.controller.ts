import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { assertCanAdminister, AuthGuard, CurrentUser, Roles, type Principal } from '@pledge/auth';
import { requireViewer } from '../progress/programme/request-context';
import { CatalogueErrorDto, CatalogueVersionDto } from './catalogues.dto';
import { CatalogueTemplateHandler } from './catalogue-template/catalogue-template.handler';
import { ImportCatalogueHandler, type UploadedCatalogueFile } from './import-catalogue/import-catalogue.handler';
import { ListCataloguesHandler } from './list-catalogues/list-catalogues.handler';
import { PublishCatalogueHandler } from './publish-catalogue/publish-catalogue.handler';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Largest catalogue upload (a catalogue is a few hundred rows; the 2021–2025 JSON is well under 1 MB). */
const MAX_BYTES = 5 * 1024 * 1024;

function administrator(me: Principal | undefined): Principal {
  const p = requireViewer(me);
  assertCanAdminister(p);
  return p;
}

/** Criteria catalogue versions (bộ tiêu chí): administrators load, list and publish them. */
@ApiTags('admin: criteria catalogues')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator')
@ApiForbiddenResponse({ description: 'Only an administrator may do this' })
@Controller('api/v1/admin/catalogues')
export class CataloguesHttpController {
  constructor(
    private readonly list: ListCataloguesHandler,
    private readonly importer: ImportCatalogueHandler,
    private readonly publisher: PublishCatalogueHandler,
    private readonly template: CatalogueTemplateHandler,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every catalogue version with its status (draft | published), oldest period first' })
  @ApiOkResponse({ type: [CatalogueVersionDto] })
  versions(@CurrentUser() me: Principal | undefined): Promise<CatalogueVersionDto[]> {
    administrator(me);
    return this.list.execute();
  }

  @Get('template.xlsx')
  @ApiOperation({
    summary: 'The catalogue workbook template (mẫu nhập bộ tiêu chí)',
    description:
      'Sheets: version (one field per row), criteria, indicators (with levels for the three commune groups), instructions (Vietnamese and English). The same file as seeds/templates/catalogue-template.xlsx.',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'the .xlsx file' })
  async templateFile(@CurrentUser() me: Principal | undefined): Promise<StreamableFile> {
    administrator(me);
    const file = await this.template.execute();
    return new StreamableFile(file, { type: XLSX, disposition: 'attachment; filename="catalogue-template.xlsx"', length: file.length });
  }

  @Post()
  @UseInterceptors(FileInterceptor('file', { limits: { files: 1, fileSize: MAX_BYTES } }))
  @ApiOperation({
    summary: 'Upload a catalogue version: .xlsx from the template or JSON in the seed format; stored as a draft',
    description:
      'multipart/form-data with the file in field "file" (.xlsx or .json), or the catalogue itself as an application/json body (seeds/catalogue/<version>.json format). ' +
      'Every problem is listed at once in details[] as {sheet, row, column, field, problem, message, messageEn} (422) and nothing is stored. A valid upload replaces ' +
      'the draft of its version wholesale (201). A published version is never replaced (409): it changes only through recorded revisions ' +
      '(PATCH …/thresholds, …/bounds). A draft never governs figures.',
  })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: 'the .xlsx or .json file' } } } })
  @ApiCreatedResponse({ type: CatalogueVersionDto, description: 'the draft as stored' })
  @ApiUnprocessableEntityResponse({ type: CatalogueErrorDto, description: 'catalogue_invalid: every problem of the file; nothing stored' })
  @ApiConflictResponse({ type: CatalogueErrorDto, description: 'catalogue_published: the version is published; nothing stored' })
  upload(
    @CurrentUser() me: Principal | undefined,
    @UploadedFile() file: UploadedCatalogueFile | undefined,
    @Body() body: unknown,
  ): Promise<CatalogueVersionDto> {
    return this.importer.execute(administrator(me), file, body);
  }

  @Post(':version/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a draft: from then on it governs figures (progress, validation, reminders) for its period',
    description:
      'Refused (422 catalogue_incomplete) with the list of what is missing: a criterion without an indicator, no standard named, an indicator without comparator (libs/domain publishGaps).',
  })
  @ApiParam({ name: 'version', example: 'NTM-2026-2030' })
  @ApiOkResponse({ type: CatalogueVersionDto })
  @ApiUnprocessableEntityResponse({ type: CatalogueErrorDto, description: 'catalogue_incomplete: what is missing' })
  @ApiConflictResponse({ type: CatalogueErrorDto, description: 'catalogue_published: published already' })
  @ApiNotFoundResponse({ description: 'unknown_version' })
  publish(@CurrentUser() me: Principal | undefined, @Param('version') version: string): Promise<CatalogueVersionDto> {
    return this.publisher.execute(administrator(me), version);
  }
}
