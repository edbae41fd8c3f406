/** Reporting completeness as the projector stores it (rm_reporting_summary). */
export * from './reporting';
