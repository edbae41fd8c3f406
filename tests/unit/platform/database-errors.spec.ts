import { isDatabaseUnavailableError, isTransientDatabaseError, toApiErrorBody } from '@pledge/platform';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** TypeORM's QueryFailedError keeps the driver's error as driverError. */
const queryFailed = (driverError: Error) => Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });

describe('database errors: an outage or the data?', () => {
  it('counts the server being unreachable, restarting or full as unavailable', () => {
    expect(isDatabaseUnavailableError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailableError(queryFailed(pgError('57P01', 'terminating connection due to administrator command')))).toBe(true);
    expect(isDatabaseUnavailableError(pgError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnavailableError(pgError('53300', 'too many connections'))).toBe(true);
    expect(isDatabaseUnavailableError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailableError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailableError(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })]))).toBe(true);
  });

  it('does not hide a bug or a refused value behind "unavailable"', () => {
    expect(isDatabaseUnavailableError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailableError(queryFailed(pgError('23505', 'duplicate key value violates unique constraint')))).toBe(false);
    expect(isDatabaseUnavailableError(queryFailed(pgError('22P02', 'invalid input syntax for type uuid')))).toBe(false);
  });

  it('lets consumers retry every outage and dead-letter only data problems', () => {
    expect(isTransientDatabaseError(pgError('57P01'))).toBe(true);
    expect(isTransientDatabaseError(pgError('40001'))).toBe(true);
    expect(isTransientDatabaseError(new Error('Connection terminated'))).toBe(true);
    expect(isTransientDatabaseError(queryFailed(pgError('22003', 'numeric field overflow')))).toBe(false);
  });

  it('answers 503 database_unavailable (bilingual, nothing stored) for an outage, 500 for anything else', () => {
    const body = toApiErrorBody(queryFailed(pgError('57P01', 'terminating connection due to administrator command')));
    expect(body).toMatchObject({ statusCode: 503, error: 'database_unavailable', details: [{ field: '(server)', problem: 'database_unavailable' }] });
    expect(body.message).toMatch(/Chưa có gì được lưu/);
    expect(body.messageEn).toMatch(/Nothing was stored/);
    expect(toApiErrorBody(new TypeError('boom'))).toMatchObject({ statusCode: 500, error: 'internal_error' });
  });
});
