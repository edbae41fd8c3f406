import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import type { EvaluationConfigRow } from '@pledge/persistence';
import { DataSource } from 'typeorm';
import { notifyReferenceChanged } from '../progress/programme/change-listener.service';
import { EvaluationSettingsPatchSchema, mergeSettings, settingsFor, settingsToJson } from '../progress/programme/evaluation-settings';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { badParam, notFound } from '../progress/programme/request-context';
import type { EvaluationSettingsResponseDto } from '../evaluations/evaluations.dto';
import { settingsResponse } from '../evaluations/settings-dto';
import { parseBody } from './request-body';

/** "default" or a year. */
export function parseScope(scope: string): { scope: string; year: number | null } {
  if (scope === 'default') return { scope, year: null };
  if (/^\d{4}$/.test(scope)) return { scope, year: Number(scope) };
  throw badParam(
    'scope',
    'invalid_scope',
    `scope phải là "default" hoặc một năm (ví dụ 2025), không phải "${scope}"`,
    `scope must be "default" or a year (e.g. 2025), not "${scope}"`,
  );
}

/**
 * An administrator sets the evaluation settings for every year ("default") or for one year: the bands, the cap on
 * "excellent" (ratio, rounding, whether the "good" pool counts the excellent ones), the rule's source, and the
 * credits of pledge items. What is sent is merged over the settings in force for that scope; the whole result is
 * stored (evaluation_config), recorded in audit_log and announced on `reference_changed`.
 */
@Injectable()
export class SetEvaluationSettingsHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly views: ProgrammeDaysService,
  ) {}

  async set(actor: Principal, scopeText: string, rawBody: unknown): Promise<EvaluationSettingsResponseDto> {
    const { scope, year } = parseScope(scopeText);
    const body = parseBody(EvaluationSettingsPatchSchema, rawBody);
    const reference = await this.views.reference();
    const base = settingsFor(reference.evaluationSettings, year).settings;
    const { reason, ...patch } = body;
    const merged = mergeSettings(base, patch);
    if (!(merged.evaluation.bands.excellent > merged.evaluation.bands.good && merged.evaluation.bands.good > merged.evaluation.bands.completed)) {
      throw badParam('bands', 'invalid', 'Ngưỡng điểm phải thỏa: xuất sắc > tốt > hoàn thành', 'bands must satisfy excellent > good > completed');
    }
    await this.ds.transaction(async (m) => {
      const [old] = await m.query<Pick<EvaluationConfigRow, 'options'>[]>(`SELECT options FROM evaluation_config WHERE scope = $1 FOR UPDATE`, [scope]);
      await m.query(
        `INSERT INTO evaluation_config (scope, options, reason, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, $4, now())
         ON CONFLICT (scope) DO UPDATE SET options = EXCLUDED.options, reason = EXCLUDED.reason, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [scope, JSON.stringify(settingsToJson(merged)), reason ?? '', actor.username],
      );
      await m.query(
        `INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'evaluation_config', $2, 'set', $3::jsonb, $4::jsonb)`,
        [actor.username, scope, old ? JSON.stringify(old.options) : null, JSON.stringify({ ...settingsToJson(merged), reason: reason ?? '' })],
      );
      await notifyReferenceChanged(m, { entity: 'evaluation_config', id: scope });
    });
    this.views.invalidate();
    return settingsResponse(await this.views.reference(), year);
  }

  /** Removes a year's own settings (the default applies again). */
  async remove(actor: Principal, scopeText: string): Promise<EvaluationSettingsResponseDto> {
    const { scope, year } = parseScope(scopeText);
    await this.ds.transaction(async (m) => {
      const [old] = await m.query<Pick<EvaluationConfigRow, 'options'>[]>(`SELECT options FROM evaluation_config WHERE scope = $1 FOR UPDATE`, [scope]);
      if (!old) throw notFound('scope', 'no_settings', `Chưa có thiết lập riêng cho "${scope}"`, `No settings stored for "${scope}"`);
      await m.query(`DELETE FROM evaluation_config WHERE scope = $1`, [scope]);
      await m.query(
        `INSERT INTO audit_log (actor, entity, entity_id, action, before, after) VALUES ($1, 'evaluation_config', $2, 'removed', $3::jsonb, NULL)`,
        [actor.username, scope, JSON.stringify(old.options)],
      );
      await notifyReferenceChanged(m, { entity: 'evaluation_config', id: scope });
    });
    this.views.invalidate();
    return settingsResponse(await this.views.reference(), year);
  }
}
