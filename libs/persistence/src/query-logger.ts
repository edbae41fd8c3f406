import { AdvancedConsoleLogger, type LoggerOptions, type QueryRunner } from 'typeorm';

const MAX_QUERY = 2000;
const MAX_PARAMETER = 200;

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s);

/**
 * TypeORM's console logger with failed queries cut short: a statement that carries a whole batch as one parameter
 * (ingest appends a partition batch of events as one JSON array) would otherwise print megabytes on every failed
 * attempt while the database is down.
 */
export class ShortQueryLogger extends AdvancedConsoleLogger {
  constructor(options?: LoggerOptions) {
    super(options);
  }

  override logQueryError(error: string, query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    super.logQueryError(
      error,
      cut(query, MAX_QUERY),
      parameters?.map((p) => (typeof p === 'string' ? cut(p, MAX_PARAMETER) : p)),
      queryRunner,
    );
  }
}
