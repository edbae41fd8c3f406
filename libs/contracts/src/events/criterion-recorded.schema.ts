/**
 * JSON Schema of topic `ntm.criterion-recorded`, version 1: the update's schema (schemas/criterion-update.v1.schema.json,
 * the one statement of an update's shape) plus what ingest adds when it records the event. Built from the update's
 * schema, so a rule added there holds for recorded events too.
 */
import criterionUpdateV1Schema from '../schemas/criterion-update.v1.schema.json';

const update = criterionUpdateV1Schema as unknown as { required: string[]; properties: Record<string, unknown> } & Record<string, unknown>;

export const criterionRecordedV1Schema = {
  ...update,
  $id: 'https://thanhbinh.example/schemas/ntm.criterion-recorded/v1.json',
  title: 'CriterionRecorded v1 (topic ntm.criterion-recorded, key = hamletCode)',
  description:
    'A criterion update that passed validation, normalised (NFC text, canonical dates), as appended to the event store: the update plus the cell’s commune, the position in the store and when it was recorded.',
  required: [...update.required, 'communeCode', 'sequence', 'recordedAt'],
  properties: {
    ...update.properties,
    communeCode: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[0-9A-Za-z-]+$',
      description: 'Commune (or town) the cell belonged to on asOf, resolved by ingest.',
    },
    sequence: { type: 'string', pattern: '^[0-9]{1,19}$', description: 'Position in the event store (a 64-bit integer as text).' },
    recordedAt: { type: 'string', format: 'date-time', description: 'When ingest appended the event to the store.' },
  },
} as const;
