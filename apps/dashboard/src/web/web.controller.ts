import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** Placeholder home page until the web app is built (issue: dashboard pages). */
@ApiExcludeController()
@Controller()
export class WebController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  home(): string {
    return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Giao ước thi đua – Thanh Bình</title></head>
<body><h1>Theo dõi giao ước thi đua xây dựng nông thôn mới – huyện Thanh Bình</h1>
<p><a href="/api/v1/progress">Tiến độ (JSON)</a> · <a href="/api/docs">API</a> · <a href="/health">Tình trạng hệ thống</a></p></body></html>`;
  }
}
