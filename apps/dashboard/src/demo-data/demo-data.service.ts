import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface DemoDataState {
  /** Demonstration data (`npm run demo`) is in the figures: every view and export says "Dữ liệu minh họa". */
  present: boolean;
  /** Demonstration events listed (0 when none). */
  events: number;
  loadedAt: string | null;
}

/**
 * Whether demonstration data is loaded: the CLI's `demo_event` table (read only here). Read at most once a second, so
 * the banner appears and disappears within a second of `npm run demo` / `npm run demo -- --remove`.
 */
@Injectable()
export class DemoDataService {
  private cached: { at: number; state: Promise<DemoDataState> } | null = null;

  constructor(private readonly ds: DataSource) {}

  state(): Promise<DemoDataState> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > 1000) {
      const state = this.ds
        .query(`SELECT count(*)::int AS n, max(loaded_at) AS at FROM demo_event`)
        .then(([r]: { n: number; at: Date | null }[]) => ({ present: r.n > 0, events: r.n, loadedAt: r.at ? new Date(r.at).toISOString() : null }));
      state.catch(() => (this.cached = null));
      this.cached = { at: now, state };
    }
    return this.cached.state;
  }

  async present(): Promise<boolean> {
    return (await this.state()).present;
  }
}
