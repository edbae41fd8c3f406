/**
 * @pledge/domain: the pure domain rules of the Thanh Bình NTM pledge tracker.
 *
 * No I/O, no framework, no clock: functions that need "now" take it as an argument. Organised by concept:
 * - text: NFC normalisation, Vietnamese/English number, percent and date formatting;
 * - units: administrative units over time (validity dates, successions), hierarchy walks;
 * - catalogue: criteria catalogue versions (criteria, indicators, thresholds, rollup rules, tiers, district conditions);
 * - readings: reading events, their ordering (`isNewer`) and the latest-wins state (`applyReading`);
 * - rollup: hamlet readings → commune values (ratios from summed numerators/denominators, weighted means, ...);
 * - status: met / not_met / no_data / stale / threshold_missing per indicator and criterion;
 * - standard: tiers (commune NTM, town civilised-urban, ...) and the district standard with its overall progress;
 * - pledges, accounts, seeds: seed file types, parsers and cross-file checks;
 * - forecast: expected vs actual progress, least-squares projection, on_track / at_risk / off_track;
 * - evaluation: year-end levels of the cells with the 20% cap, report lines;
 * - programme: the programme of a district on a day (every figure above, composed; what the projector stores).
 */
export * from './shared/localised-text';
export * from './shared/iso-date';
export * from './shared/validation';
export { IsoDateSchema, LocalisedTextSchema, ComparatorSchema } from './shared/schema-primitives';

export * from './text/nfc';
export * from './text/safe-text';
export * from './text/format';

export * from './units/unit.types';
export * from './units/unit.schema';
export * from './units/hierarchy';

export * from './catalogue/catalogue.types';
export * from './catalogue/catalogue.schema';
export * from './catalogue/lookup';
export * from './catalogue/threshold';
export * from './catalogue/level';
export * from './catalogue/governing';
export * from './catalogue/lifecycle';
export * from './catalogue/catalogue-import';
export * from './catalogue/catalogue-template';
export * from './catalogue/indicator-mapping';

export * from './readings/reading.types';
export * from './readings/reading.schema';
export * from './readings/ordering';
export * from './readings/state';
export * from './readings/history';
export * from './readings/validate';
export * from './readings/from-update';

export * from './rollup/rollup';

export * from './status/reporting-period';
export * from './status/value-format';
export * from './status/assess';

export * from './standard/labels';
export * from './standard/tier';
export * from './standard/district';
export * from './standard/recognition';
export * from './standard/blockers';

export * from './pledges/pledge.types';
export * from './pledges/pledge.schema';

export * from './accounts/account.types';
export * from './accounts/account.schema';
export * from './accounts/password-policy';
export * from './accounts/login-delay';

export * from './seeds/integrity';

export * from './forecast/trend';
export * from './forecast/forecast';
export * from './forecast/pledge-forecast';

export * from './evaluation/levels';
export * from './evaluation/evaluation';
export * from './submissions';
export * from './reminders';
export * from './projection';
export * from './programme/programme-day';
export * from './programme/programme';
export * from './units/unit-parent';
export * from './pledges/resign';
