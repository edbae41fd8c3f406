import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Injectable,
  MessageEvent,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Sse,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@pledge/auth';
import { APP_CONFIG, ApiError, toApiErrorBody } from '@pledge/platform';
import type { Response } from 'express';
import { Observable } from 'rxjs';
import type { IntakeEnv } from '../config';
import { UuidParam } from '../http/body';
import { ImportAcceptedDto, ImportDto } from './import-readings.dto';
import { ImportReadingsHandler, type ImportView, type UploadedSpreadsheet } from './import-readings.handler';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file over IMPORT_MAX_BYTES: 413 naming the field and the limit (multer stops reading it). */
@Injectable()
@Catch(PayloadTooLargeException)
export class UploadTooLargeFilter implements ExceptionFilter {
  constructor(@Inject(APP_CONFIG) private readonly env: IntakeEnv) {}

  catch(_e: PayloadTooLargeException, host: ArgumentsHost): void {
    const mb = Math.round((this.env.IMPORT_MAX_BYTES / 1024 / 1024) * 10) / 10;
    const err = new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'too_large', `Tệp lớn hơn ${mb} MB`, `The file is larger than ${mb} MB`, [
      {
        field: 'file',
        problem: 'too_large',
        message: `Tệp bảng tính lớn hơn ${mb} MB; hãy chia thành nhiều tệp`,
        messageEn: `the spreadsheet is larger than ${mb} MB; split it into several files`,
      },
    ]);
    host.switchToHttp().getResponse<Response>().status(413).json(toApiErrorBody(err));
  }
}

const withUrls = (v: ImportView): ImportAcceptedDto => ({ ...v, statusUrl: `/api/v1/imports/${v.id}`, eventsUrl: `/api/v1/imports/${v.id}/events` });

@ApiTags('imports (commune officers, administrators): readings from a spreadsheet')
@ApiBearerAuth()
@Roles('commune_officer', 'administrator')
@ApiUnauthorizedResponse({ description: 'no token, expired or invalid token' })
@ApiForbiddenResponse({ description: 'role_not_allowed: only commune officers and administrators import readings' })
@Controller('api/v1/imports')
export class ImportReadingsHttpController {
  constructor(private readonly handler: ImportReadingsHandler) {}

  @Get('template.xlsx')
  @ApiOperation({
    summary: 'The spreadsheet template (mẫu nhập số liệu): one row per unit × indicator the unit reports',
    description:
      'For the caller’s units: a commune officer gets the commune and its cells, an administrator every reporting unit. The indicators are those the ' +
      'submission rules accept for each unit in the catalogue version governing asOf (without asOf: the last day of that programme, not after today). ' +
      'With asOf, the date column is filled in. Sheets: "Số liệu" (the rows; grey columns are information), instructions, the indicators.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD, not in the future: fills the "As of" column' })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'the .xlsx file' })
  async template(@CurrentUser() me: Principal, @Query('asOf') asOf?: string): Promise<StreamableFile> {
    const { file, name } = await this.handler.template(me, asOf);
    return new StreamableFile(file, { type: XLSX, disposition: `attachment; filename="${name}"`, length: file.length });
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file')) // limits: MulterModule in IntakeModule (IMPORT_MAX_BYTES)
  @ApiOperation({
    summary: 'Upload a spreadsheet of readings (.xlsx made from the template): answered at once, processed in the background',
    description:
      'multipart/form-data with the file in field "file". The answer (202) is the import job; follow it at statusUrl (GET) or eventsUrl (Server-Sent ' +
      'Events). Each row is checked with the same rules as a report from a phone, plus the caller’s scope (an officer: the commune’s cells and the ' +
      'commune itself; an administrator: any unit); every problem is listed by row and column (bilingual), and the valid rows are stored as ordinary ' +
      'reports (submissions, then Kafka, ingest, the projector) with reportedBy = the caller and eventIds derived from the file’s sha256 and the row, ' +
      'so uploading the same file again stores nothing new (rows.alreadyStored). At most IMPORT_MAX_BYTES (20 MB) and IMPORT_MAX_ROWS (100,000) rows.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'the .xlsx file' } } } })
  @ApiAcceptedResponse({ type: ImportAcceptedDto })
  @ApiBadRequestResponse({ description: 'no file in field "file" (problem required)' })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than IMPORT_MAX_BYTES (problem too_large)' })
  async upload(@UploadedFile() file: UploadedSpreadsheet | undefined, @CurrentUser() me: Principal): Promise<ImportAcceptedDto> {
    return withUrls(await this.handler.upload(file, me));
  }

  @Get()
  @ApiOperation({ summary: 'The caller’s recent imports, newest first (an administrator: everyone’s), without their problems' })
  @ApiOkResponse({ type: [ImportDto] })
  list(@CurrentUser() me: Principal): Promise<ImportView[]> {
    return this.handler.list(me);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One import: status, progress, counts and every problem by row and column (uploader or administrator)' })
  @ApiOkResponse({ type: ImportDto })
  @ApiNotFoundResponse({ description: 'no such import, or not the caller’s' })
  get(@Param('id', UuidParam) id: string, @CurrentUser() me: Principal): Promise<ImportView> {
    return this.handler.get(id, me);
  }

  @Sse(':id/events')
  @ApiOperation({
    summary: 'Server-Sent Events of one import: `progress` while it runs, `done` with the whole job (problems included) at the end',
    description: 'EventSource cannot send headers: pass the access token as ?token=. A `progress` event whenever the job moved (checked every 0.5 s).',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'event stream (progress, done)' })
  async events(@Param('id', UuidParam) id: string, @CurrentUser() me: Principal): Promise<Observable<MessageEvent>> {
    const first = await this.handler.get(id, me, false); // 404 before the stream starts
    return new Observable<MessageEvent>((subscriber) => {
      let last = '';
      let timer: NodeJS.Timeout | undefined;
      let quietSince = Date.now();
      const tick = async (v: ImportView) => {
        if (v.status === 'done' || v.status === 'failed') {
          subscriber.next({ type: 'done', data: await this.handler.get(id, me, true) });
          subscriber.complete();
          return;
        }
        const key = JSON.stringify(v);
        if (key !== last) {
          last = key;
          quietSince = Date.now();
          subscriber.next({ type: 'progress', data: v });
        } else if (Date.now() - quietSince > 15_000) {
          quietSince = Date.now();
          subscriber.next({ type: 'ping', data: { at: new Date().toISOString() } }); // keeps proxies from closing a quiet stream
        }
        timer = setTimeout(() => void this.handler.get(id, me, false).then(tick, (err) => subscriber.error(err)), 500);
      };
      void tick(first).catch((err) => subscriber.error(err));
      return () => clearTimeout(timer);
    });
  }
}
