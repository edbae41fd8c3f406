import { BUILT_IN_EVALUATION_SETTINGS, settingsFor, type EvaluationSettings, type StoredEvaluationSettings } from '../progress/programme/evaluation-settings';
import type { ProgrammeReference } from '../progress/programme/programme-reference';
import type { EvaluationSettingsDto, EvaluationSettingsResponseDto } from './evaluations.dto';

export function settingsDto(scope: string, s: EvaluationSettings, stored?: StoredEvaluationSettings): EvaluationSettingsDto {
  return {
    scope,
    bands: { ...s.evaluation.bands },
    cap: { ...s.evaluation.cap },
    ruleSource: s.evaluation.ruleSource,
    fulfilment: { ...s.fulfilment, notYetDueCredit: { ...s.fulfilment.notYetDueCredit } },
    updatedBy: stored?.updatedBy ?? null,
    updatedAt: stored?.updatedAt ?? null,
    reason: stored?.reason ?? '',
  };
}

/** The settings in force for `year` (null: the default) and every stored one. */
export function settingsResponse(reference: ProgrammeReference, year: number | null): EvaluationSettingsResponseDto {
  const { settings, scope } = settingsFor(reference.evaluationSettings, year);
  const stored = [...reference.evaluationSettings.values()].sort((a, b) =>
    a.scope === 'default' ? -1 : b.scope === 'default' ? 1 : a.scope < b.scope ? -1 : 1,
  );
  return {
    year,
    inForce: settingsDto(scope, scope === 'built-in' ? BUILT_IN_EVALUATION_SETTINGS : settings, reference.evaluationSettings.get(scope)),
    stored: stored.map((s) => settingsDto(s.scope, s.settings, s)),
  };
}
