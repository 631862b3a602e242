import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskProgress } from '../../../shared/sync';
import { AppError } from '../../../shared/errors';
import { createEventHub } from '../../../electron/core/events';
import { createTaskRegistry } from '../../../electron/core/tasks';
import { createAudienceHandlers, type ExportRecord } from '../../../electron/core/audience/handlers';
import { fixture, tempDir, writePeople } from './helpers';

function setup() {
  const tasks = createTaskRegistry();
  const events = createEventHub();
  const recorded: ExportRecord[] = [];
  const progress: TaskProgress[] = [];
  events.on('taskProgress', (p) => progress.push(p));
  const handlers = createAudienceHandlers({
    tasks, events, defaultRegion: () => 'GB',
    recordExport: async (record) => {
      recorded.push(record);
      return `run-${recorded.length}`;
    },
  });
  return { tasks, handlers, recorded, progress };
}

describe('the audience channels', () => {
  it('inspects with the settings\' region and exports under a task, with progress events and a history record', async () => {
    const { handlers, recorded, progress } = setup();
    const path = fixture('duplicates.csv');
    const inspected = await handlers.inspectFile({ path });
    expect(inspected.suggestedMapping.defaultRegion).toBe('GB');
    const preview = await handlers.previewMapping({ path, mapping: inspected.suggestedMapping });
    expect(preview.sampleCounts.records).toBe(11);
    const out = tempDir();
    const result = await handlers.exportAudience({ taskId: 'export-1', path, mapping: { ...inspected.suggestedMapping, defaultRegion: 'US' }, outDir: out });
    expect(result).toMatchObject({ runId: 'run-1', encoding: 'utf-8', counts: { records: 11, accepted: 5 } });
    expect(recorded[0]).toMatchObject({ taskId: 'export-1', path, outDir: out, delimiter: ',', files: result.files, counts: result.counts });
    expect(progress.every((p) => p.taskId === 'export-1')).toBe(true);
    expect(progress.map((p) => p.stage)).toContain('reading');
    expect(progress.at(-1)?.stage).toBe('writing');
  });

  it('cancels an export from another call, and leaves no files', async () => {
    const { tasks, handlers, recorded } = setup();
    const path = join(tempDir(), 'people.csv');
    await writePeople(path, 60_000);
    const out = tempDir();
    const mapping = (await handlers.inspectFile({ path })).suggestedMapping;
    const running = handlers.exportAudience({ taskId: 'big', path, mapping, outDir: out });
    const cancelled = running.then(() => null, (error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tasks.cancel('big')).toBe(true);
    const error = await cancelled;
    expect(AppError.is(error, 'CANCELLED')).toBe(true);
    expect(readdirSync(out)).toEqual([]);
    expect(recorded).toEqual([]);
  });
});
