import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '@pledge/auth';
import { APP_CONFIG, ApiError, ApiErrorDetail } from '@pledge/platform';
import { DataSource } from 'typeorm';
import type { IntakeEnv } from '../config';
import { OutboxSignal } from '../outbox-relay/outbox-signal';
import { PreparedUpdate, submissionsCounter, SubmitUpdateHandler, SubmitUpdateResult } from '../submit-update/submit-update.handler';

export interface SubmitBatchResult {
  items: SubmitUpdateResult[];
}

/**
 * Use case "submit a batch" (a month's report: several criteria at once). ALL OR NOTHING: every
 * item is checked first and the answer lists every problem of every item (fields `items[i]....`);
 * if any item is wrong nothing is stored. Otherwise all items are stored in ONE transaction (submission
 * + outbox rows) before the 202. Each item keeps its own eventId: retrying the whole batch is safe
 * (items already accepted come back as duplicates); an eventId reused with other content is a 409
 * for the whole batch.
 */
@Injectable()
export class SubmitBatchHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly single: SubmitUpdateHandler,
    private readonly signal: OutboxSignal,
    @Inject(APP_CONFIG) private readonly env: IntakeEnv,
  ) {}

  async execute(body: unknown, principal: Principal): Promise<SubmitBatchResult> {
    const items = (body as { items?: unknown } | null)?.items;
    const extra = body && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body).filter((k) => k !== 'items') : [];
    if (!Array.isArray(items) || items.length === 0 || items.length > this.env.BATCH_MAX_ITEMS || extra.length) {
      throw ApiError.validation([
        extra.length
          ? { field: extra[0], problem: 'unknown_field', message: `Trường "${extra[0]}" không được phép`, messageEn: `"${extra[0]}" is not an allowed field` }
          : {
              field: 'items',
              problem: Array.isArray(items) ? (items.length === 0 ? 'too_short' : 'too_long') : 'required',
              message: `"items" phải là danh sách từ 1 đến ${this.env.BATCH_MAX_ITEMS} báo cáo`,
              messageEn: `"items" must be a list of 1 to ${this.env.BATCH_MAX_ITEMS} updates`,
            },
      ]);
    }
    const prepared: PreparedUpdate[] = [];
    const problems: ApiErrorDetail[] = [];
    const seen = new Map<string, number>();
    for (const [i, item] of items.entries()) {
      const r = await this.single.check(item, principal, `items[${i}]`);
      if ('reasons' in r) {
        problems.push(...r.reasons);
        continue;
      }
      const first = seen.get(r.update.eventId);
      if (first !== undefined)
        problems.push({
          field: `items[${i}].eventId`,
          problem: 'duplicate_in_batch',
          message: `Mã sự kiện trùng với items[${first}]`,
          messageEn: `same eventId as items[${first}]`,
        });
      seen.set(r.update.eventId, i);
      prepared.push(r);
    }
    if (problems.length) throw ApiError.validation(problems);
    const results = await this.ds.transaction(async (m) => {
      const out: SubmitUpdateResult[] = [];
      for (const [i, p] of prepared.entries()) out.push(await this.single.store(m, p, principal, `items[${i}]`));
      return out;
    });
    if (results.some((r) => !r.duplicate)) this.signal.wake();
    for (const r of results) submissionsCounter().inc({ outcome: r.duplicate ? 'duplicate' : 'accepted' });
    return { items: results };
  }
}
