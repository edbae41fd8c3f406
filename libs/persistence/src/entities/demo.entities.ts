import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One event of the demonstration data (`npm run demo`): illustrative readings submitted through the secretaries' API.
 * Written by the CLI (demo command; emptied by `--remove`); read by the dashboard, whose views and exports carry the
 * banner "Dữ liệu minh họa / Demonstration data" while a row exists.
 */
@Entity('demo_event')
export class DemoEventEntity {
  @PrimaryColumn('uuid', { name: 'event_id', primaryKeyConstraintName: 'PK_demo_event' }) eventId: string;
  @Column('text', { name: 'hamlet_code' }) hamletCode: string;
  @CreateDateColumn({ name: 'loaded_at', type: 'timestamptz' }) loadedAt: Date;
}
