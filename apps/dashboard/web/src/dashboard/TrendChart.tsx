import type { Progress } from '../api/types';

export function TrendChart(_: { p: Progress }) {
  return null;
}
