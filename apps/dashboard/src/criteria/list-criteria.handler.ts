import { Injectable } from '@nestjs/common';
import { catalogueVersionOn } from '@pledge/domain/catalogue/governing';
import type { Indicator } from '@pledge/domain';
import { formatRequirement } from '@pledge/domain/status/value-format';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { t } from '../progress/programme/present';
import { badParam } from '../progress/programme/request-context';
import type { CriteriaResponseDto, IndicatorDto } from './criteria.dto';
import { Clock, SystemClock } from '@pledge/platform';

const SCOPES = ['commune', 'hamlet', 'ward', 'district', 'town'];
const TIERS = ['ntm', 'advanced', 'model', 'condition'];

/**
 * GET /api/v1/criteria: one catalogue version (default: the one governing today, else the latest) with every
 * criterion, indicator and threshold (value, comparator, source, confidence, who changed it last), its tiers and
 * district conditions. Readable by every logged-in account.
 */
@Injectable()
export class ListCriteriaHandler {
  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async execute(query: { version?: string; appliesTo?: string; tier?: string }): Promise<CriteriaResponseDto> {
    const reference = await this.views.reference();
    if (query.appliesTo && !SCOPES.includes(query.appliesTo)) {
      throw badParam('appliesTo', 'invalid_value', `appliesTo phải là một trong ${SCOPES.join(', ')}`, `appliesTo must be one of ${SCOPES.join(', ')}`);
    }
    if (query.tier && !TIERS.includes(query.tier)) {
      throw badParam('tier', 'invalid_value', `tier phải là một trong ${TIERS.join(', ')}`, `tier must be one of ${TIERS.join(', ')}`);
    }
    const info = query.version
      ? reference.versions.find((v) => v.id === query.version)
      : (catalogueVersionOn(reference.versions, this.clock.today()) ?? reference.versions[reference.versions.length - 1]);
    if (!info) {
      const known = reference.versions.map((v) => v.id).join(', ');
      throw badParam(
        'version',
        'unknown_version',
        `Không có bộ tiêu chí "${query.version}" (hiện có: ${known})`,
        `No catalogue version "${query.version}" (known: ${known})`,
      );
    }
    const catalogue = reference.catalogues.get(info.id)!.catalogue;
    const indicator = (criterionCode: string, i: Indicator): IndicatorDto => {
      const change = reference.thresholdChanges.get(`${catalogue.version}|${criterionCode}|${i.code}`);
      return {
        code: i.code,
        nameVi: i.nameVi,
        nameEn: i.nameEn,
        kind: i.kind,
        unit: i.unit,
        unitEn: i.unitEn,
        threshold: {
          value: i.threshold,
          comparator: i.comparator,
          source: i.thresholdSource,
          confidence: i.thresholdConfidence,
          text: i.threshold === null || i.comparator === null ? null : t(formatRequirement(i, i.comparator, i.threshold)),
          rules: i.thresholdRules.map((r) => ({
            fromYear: r.fromYear,
            year: r.year,
            unitAttributes: r.unitAttributes ? { ...r.unitAttributes } : null,
            value: r.threshold,
            source: r.thresholdSource,
            confidence: r.thresholdConfidence,
          })),
          lastChange: change ? { ...change } : null,
        },
        level:
          i.level.type === 'compare'
            ? { type: 'compare', parts: [] }
            : {
                type: 'all_of',
                parts: i.level.parts.map((p) => ({
                  key: p.key,
                  name: { vi: p.nameVi, en: p.nameEn },
                  indicatorCode: p.indicatorCode,
                  comparator: p.comparator,
                  value: p.threshold,
                  source: p.thresholdSource,
                  confidence: p.thresholdConfidence,
                  text: p.threshold === null ? null : t(formatRequirement(i, p.comparator, p.threshold)),
                })),
              },
        rollup: { ...i.rollup },
        fraction: i.fraction ? { ...i.fraction } : null,
        range: i.range ? { ...i.range } : null,
        bounds: i.bounds ? { ...i.bounds } : null,
        reportedBy: i.reportedBy,
        reportingPeriod: i.reportingPeriod ? { ...i.reportingPeriod } : null,
        frequency: (i.reportingPeriod ?? catalogue.reportingPeriod).every,
        reportingPeriodSource: i.reportingPeriodSource,
        readingOf: i.readingOf ? { ...i.readingOf } : null,
        assessed: i.assessed,
        placeholder: i.placeholder,
        source: i.source,
        note: i.note,
      };
    };
    return {
      version: {
        id: catalogue.version,
        titleVi: catalogue.titleVi,
        titleEn: catalogue.titleEn,
        status: catalogue.status,
        region: catalogue.region,
        periodFrom: catalogue.periodFrom,
        periodTo: catalogue.periodTo,
        deadline: catalogue.deadline,
        reportingPeriod: { ...catalogue.reportingPeriod },
        legalBasis: catalogue.legalBasis.map((l) => ({ ...l })),
        warnings: [...catalogue.warnings],
      },
      versions: reference.versions.map((v) => v.id),
      appliesTo: query.appliesTo ?? null,
      criteria: catalogue.criteria
        .filter((c) => (!query.appliesTo || c.appliesTo === query.appliesTo) && (!query.tier || c.tier === query.tier))
        .map((c) => ({
          code: c.code,
          appliesTo: c.appliesTo,
          tier: c.tier,
          group: c.group,
          nameVi: c.nameVi,
          nameEn: c.nameEn,
          placeholder: c.placeholder,
          source: c.source,
          note: c.note,
          indicators: c.indicators.map((i) => indicator(c.code, i)),
        })),
      tiers: catalogue.tiers.map((x) => JSON.parse(JSON.stringify(x)) as Record<string, unknown>),
      districtConditions: catalogue.districtConditions.map((x) => JSON.parse(JSON.stringify(x)) as Record<string, unknown>),
    };
  }
}
