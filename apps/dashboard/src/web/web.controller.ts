import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@pledge/auth';

/**
 * The home page when the web app has not been built (ServeWebMiddleware answers first when it has): says how
 * to build it and links the JSON endpoints.
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  home(): string {
    return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Giao ước thi đua – Thanh Bình</title></head>
<body><h1>Theo dõi giao ước thi đua xây dựng nông thôn mới – huyện Thanh Bình</h1>
<p>Giao diện web chưa được biên dịch: chạy <code>npm run build:web</code> rồi tải lại trang.
(The web app is not built: run <code>npm run build:web</code>, then reload.)</p>
<p><a href="/api/v1/progress">Tiến độ (JSON)</a> · <a href="/api/docs">API</a> · <a href="/health">Tình trạng hệ thống</a></p></body></html>`;
  }
}
