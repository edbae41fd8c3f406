import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Response } from 'express';

/** Below this size a body is sent as it is: compressing it would cost more than it saves. */
const COMPRESS_FROM_BYTES = 1024;

interface Prepared {
  etag: string;
  gzip?: Buffer;
  gzipEtag?: string;
}

/** What is derived from a body once (its ETag, its gzip form), for as long as the body itself is kept. */
const prepared = new WeakMap<Buffer, Prepared>();

const etagOf = (body: Buffer) => `W/"${body.length.toString(16)}-${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;

/**
 * Sends a JSON body that a handler keeps and serves many times (a view's answer written once): gzip-compressed when
 * the client accepts it (phones on a mobile network; a district view is hundreds of KiB of JSON, a fraction of that
 * compressed), with an ETag (so `If-None-Match` gets 304) and `Vary: Accept-Encoding`. The compressed form and the
 * ETags are computed once per body, not per request.
 */
export function sendPreparedJson(res: Response, body: Buffer): void {
  res.vary('Accept-Encoding');
  res.type('application/json');
  let p = prepared.get(body);
  if (!p) prepared.set(body, (p = { etag: etagOf(body) }));
  if (body.length >= COMPRESS_FROM_BYTES && res.req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    if (!p.gzip) {
      p.gzip = gzipSync(body);
      p.gzipEtag = p.etag.replace(/"$/, '-gz"');
    }
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('ETag', p.gzipEtag!);
    res.send(p.gzip);
    return;
  }
  res.setHeader('ETag', p.etag);
  res.send(body);
}
