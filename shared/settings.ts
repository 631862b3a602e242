import { z } from 'zod';
import { RegionSchema } from './mapping';

export interface Settings {
  defaultRegion: string;
  /** Days to keep row-level detail of finished runs; null keeps it forever. Counts are kept forever. */
  rowRetentionDays: number | null;
  /** Where the history database lives (read-only here; chosen at start-up). */
  dataFolder: string;
}

export const UpdateSettingsSchema = z.object({
  defaultRegion: RegionSchema.optional(),
  rowRetentionDays: z.number().int().min(1).max(3650).nullable().optional(),
});
export type UpdateSettings = z.infer<typeof UpdateSettingsSchema>;
