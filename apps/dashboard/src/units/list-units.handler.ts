import { Injectable } from '@nestjs/common';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { badParam, dateParam } from '../progress/programme/request-context';
import { unitForest } from './unit-node';
import type { UnitsResponseDto } from './units.dto';

/**
 * GET /api/v1/units: the administrative hierarchy (province → district → town/communes → cells), dated, with the
 * successor links of 01/07/2025. Without asOf every unit that ever existed (old and new provinces as two trees);
 * with asOf only the units valid on that day. Readable by every logged-in account.
 */
@Injectable()
export class ListUnitsHandler {
  constructor(private readonly views: ProgrammeDaysService) {}

  async execute(query: { asOf?: string; format?: string }): Promise<UnitsResponseDto> {
    const asOf = dateParam('asOf', query.asOf) ?? null;
    const format = query.format ?? 'tree';
    if (format !== 'tree' && format !== 'flat') {
      throw badParam(
        'format',
        'invalid_value',
        `format phải là "tree" hoặc "flat", không phải "${format}"`,
        `format must be "tree" or "flat", not "${format}"`,
      );
    }
    const reference = await this.views.reference();
    const { roots, flat } = unitForest(reference, asOf);
    return { asOf, format, count: flat.length, units: format === 'tree' ? roots : flat };
  }
}
