import {
  ancestorOfKind,
  cellsOn,
  childrenOn,
  descendantsOn,
  indexUnits,
  isValidOn,
  predecessorsOf,
  structureDateFor,
  successorsOf,
  getUnit,
} from '@pledge/domain';
import { loadSeeds } from './support/seeds';
import { seedCounts } from '../../support/seed-counts';

const index = indexUnits(loadSeeds().units);

describe('hierarchy walks use validity dates', () => {
  it('the district has its 13 units until 2025-06-30 and none after', () => {
    expect(childrenOn(index, '874', '2025-06-30')).toHaveLength(seedCounts.communesAndTown);
    expect(childrenOn(index, '874', '2025-07-01')).toHaveLength(0);
    expect(isValidOn(getUnit(index, '874'), '1983-02-22')).toBe(false);
    expect(isValidOn(getUnit(index, '874'), '1983-02-23')).toBe(true);
  });

  it('finds the 55 cells of the district and the cells of one commune', () => {
    expect(cellsOn(index, '874', '2024-01-01')).toHaveLength(seedCounts.cells);
    expect(cellsOn(index, '30133', '2024-01-01').map((u) => u.name)).toEqual([
      'Ấp Trung',
      'Ấp [placeholder 02]',
      'Ấp [placeholder 03]',
      'Ấp [placeholder 04]',
      'Ấp [placeholder 05]',
    ]);
    expect(cellsOn(index, '30130', '2024-01-01').every((u) => u.kind === 'ward')).toBe(true);
    expect(cellsOn(index, '874-30133-A01', '2024-01-01').map((u) => u.id)).toEqual(['874-30133-A01']);
  });

  it('province 82 holds the successor communes only from 2025-07-01', () => {
    expect(descendantsOn(index, '82', '2025-06-30')).toEqual([]);
    expect(descendantsOn(index, '82', '2025-07-01', ['commune'])).toHaveLength(5);
  });

  it("finds a cell's commune and district", () => {
    expect(ancestorOfKind(index, '874-30157-A01', ['commune', 'town'])?.name).toBe('Xã Tân Thạnh');
    expect(ancestorOfKind(index, '874-30157-A01', ['district'])?.id).toBe('874');
  });

  it('follows the 2025 successions, including the split of Tân Thạnh', () => {
    expect(successorsOf(index, '30157').map((s) => `${s.successorId}:${s.share}`)).toEqual(['82-30130:part', '82-30157:remainder']);
    expect(
      predecessorsOf(index, '82-30130')
        .map((s) => s.predecessorId)
        .sort(),
    ).toEqual(['30130', '30145', '30157', '30160']);
    expect(predecessorsOf(index, '82-30154')).toHaveLength(5);
  });

  it("reads an ended unit's structure on its last day", () => {
    const district = getUnit(index, '874');
    expect(structureDateFor(district, '2024-05-01')).toBe('2024-05-01');
    expect(structureDateFor(district, '2025-12-31')).toBe('2025-06-30');
  });
});
