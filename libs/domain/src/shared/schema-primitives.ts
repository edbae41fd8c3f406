import { z } from 'zod';
import { isIsoDate } from './iso-date';

/** A real calendar date written `YYYY-MM-DD`. */
export const IsoDateSchema = z.string().refine(isIsoDate, { message: 'expected an ISO date (YYYY-MM-DD)' });

/** A localised text `{ vi, en }`, both non-empty. */
export const LocalisedTextSchema = z.object({ vi: z.string().min(1), en: z.string().min(1) });

/** A comparison of a value with a threshold or target. */
export const ComparatorSchema = z.enum(['>=', '<=', '==', '>', '<']);
