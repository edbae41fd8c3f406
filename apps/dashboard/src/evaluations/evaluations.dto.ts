import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TextDto } from '../progress/programme/common.dto';

const LEVELS = ['HTXSNV', 'HTTNV', 'HTNV', 'KHTNV'];

export class BandsDto {
  @ApiProperty({ example: 90, description: 'Lowest score of "hoàn thành xuất sắc nhiệm vụ" (excellent) candidates' }) excellent: number;
  @ApiProperty({ example: 70, description: 'Lowest score of "hoàn thành tốt nhiệm vụ" (good)' }) good: number;
  @ApiProperty({ example: 50, description: 'Lowest score of "hoàn thành nhiệm vụ" (completed)' }) completed: number;
}

export class CapDto {
  @ApiProperty({ example: 0.2, description: 'Excellent ≤ ratio × pool' }) ratio: number;
  @ApiProperty({ enum: ['floor', 'round', 'ceil'], example: 'floor' }) rounding: string;
  @ApiProperty({ example: true, description: 'The "good" pool counts the excellent ones too (the district’s 2022 reading)' }) poolIncludesExcellent: boolean;
  @ApiProperty({ enum: ['district', 'commune'], description: 'Within which party committee the cap applies: one pool for the district, or one per commune' })
  scope: string;
}

export class NotYetDueCreditDto {
  @ApiProperty({ example: 1 }) on_track: number;
  @ApiProperty({ example: 0.5 }) at_risk: number;
  @ApiProperty({ example: 0 }) off_track: number;
  @ApiProperty({ example: 0 }) no_data: number;
}

export class FulfilmentDto {
  @ApiProperty({ example: 0.5, description: 'Credit of an item met after its due date' }) lateCredit: number;
  @ApiProperty({ example: 0.5, description: 'Overdue and unmet: this × its progress' }) overdueProgressCredit: number;
  @ApiProperty({ type: NotYetDueCreditDto, description: 'Not yet due and unmet, by forecast status' }) notYetDueCredit: NotYetDueCreditDto;
}

export class EvaluationSettingsDto {
  @ApiProperty({ description: '"built-in" (libs/domain defaults), "default" (set for every year) or the year' }) scope: string;
  @ApiProperty({ type: BandsDto }) bands: BandsDto;
  @ApiProperty({ type: CapDto }) cap: CapDto;
  @ApiProperty() ruleSource: string;
  @ApiProperty({ type: FulfilmentDto }) fulfilment: FulfilmentDto;
  @ApiPropertyOptional({ nullable: true, type: String }) updatedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) updatedAt: string | null;
  @ApiProperty() reason: string;
}

export class EvaluationSettingsResponseDto {
  @ApiPropertyOptional({ nullable: true, type: Number }) year: number | null;
  @ApiProperty({ type: EvaluationSettingsDto, description: 'The settings in force for the year (or the default)' }) inForce: EvaluationSettingsDto;
  @ApiProperty({ type: [EvaluationSettingsDto], description: 'Every stored setting (default and year overrides)' }) stored: EvaluationSettingsDto[];
}

export class CollectiveDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() placeholder: boolean;
  @ApiProperty() communeId: string;
  @ApiProperty() communeName: string;
  @ApiProperty({ description: 'Pledge-fulfilment score 0..100 on 31/12 of the year' }) score: number;
  @ApiProperty({ enum: LEVELS, description: 'The level its score gives before the cap' }) candidateLevel: string;
  @ApiPropertyOptional({ enum: LEVELS, nullable: true, description: 'The proposed level; null for a tie at the cap’s limit (the committee decides)' }) level:
    string | null;
  @ApiProperty({ type: TextDto }) levelName: TextDto;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Rank among the excellent candidates of its scope (equal scores share a rank)' })
  candidateRank: number | null;
  @ApiPropertyOptional({ nullable: true, type: Object, description: 'A tie at the limit: how many tied and for how many places' }) tie: {
    size: number;
    places: number;
  } | null;
  @ApiPropertyOptional({ type: TextDto, nullable: true, description: 'Why the level is below the candidate level (the cap)' }) reason: TextDto | null;
}

export class NotRatedDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: TextDto }) reason: TextDto;
}

export class EvaluationCapResultDto extends CapDto {
  @ApiProperty({ description: 'The pool the limit was computed on' }) pool: number;
  @ApiProperty({ description: 'At most this many excellent' }) limit: number;
  @ApiProperty({ description: 'Excellent candidates by score' }) candidates: number;
  @ApiProperty({ description: 'Candidates refused by the cap (they stay "good")' }) refused: number;
  @ApiProperty({ description: 'Candidates tied at the limit (left to the committee)' }) tied: number;
  @ApiProperty({ type: TextDto }) text: TextDto;
}

export class EvaluationScopeDto {
  @ApiProperty({ description: '"district", or the commune’s id' }) id: string;
  @ApiPropertyOptional({ nullable: true, type: String }) name: string | null;
  @ApiProperty() total: number;
  @ApiProperty() counts: Record<string, number>;
  @ApiProperty({ type: EvaluationCapResultDto }) cap: EvaluationCapResultDto;
  @ApiProperty({ type: [TextDto] }) reportLines: TextDto[];
}

export class EvaluationResponseDto {
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ example: '2025-12-31', description: 'The day the pledge items are judged' }) asOf: string;
  @ApiProperty() catalogueVersion: string;
  @ApiProperty({ type: EvaluationSettingsDto }) settings: EvaluationSettingsDto;
  @ApiProperty({ description: 'Collectives rated' }) total: number;
  @ApiProperty({ type: TextDto, description: 'What this is: a proposal of pledge-fulfilment results for the party committee, not its quality rating' })
  title: TextDto;
  @ApiProperty({ example: { HTXSNV: 8, HTTNV: 32, HTNV: 0, KHTNV: 0 }, description: 'Proposed levels (tied collectives are in none)' }) counts: Record<
    string,
    number
  >;
  @ApiProperty({ description: 'Collectives tied at the limit, for the committee to decide' }) undecided: number;
  @ApiProperty({ type: EvaluationCapResultDto, description: 'The cap summed over the scopes' }) cap: EvaluationCapResultDto;
  @ApiProperty({ type: [EvaluationScopeDto], description: 'The proposal per scope (one for the district; one per commune party committee)' })
  scopes: EvaluationScopeDto[];
  @ApiProperty({ type: [TextDto], description: 'As district reports write it: "8/40 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 20%)"' }) reportLines: TextDto[];
  @ApiProperty({ type: TextDto, description: 'The report paragraph' }) reportText: TextDto;
  @ApiProperty({ type: [CollectiveDto], description: 'The collectives the caller may see, best first' }) collectives: CollectiveDto[];
  @ApiProperty({ description: 'Collectives left out because they are outside the caller’s scope' }) hiddenCollectives: number;
  @ApiProperty({ type: [NotRatedDto], description: 'Cells without a pledge item to judge' }) notRated: NotRatedDto[];
}
