/** Export for SFTP: the same Load and Map steps as a sync, then writing the files to a folder. */
import { create } from 'zustand';
import { api } from '../../api';
import type { ExportResult } from '../../../shared/audience';
import type { AppErrorData } from '../../../shared/errors';
import { errorData, isCancelled } from '../lib/errors';
import { newTaskId } from '../lib/ids';
import type { ExportStep } from '../lib/steps';
import { createAudienceStore } from './audience-store';
import { useTasks } from './tasks-store';

export const useExportAudience = createAudienceStore();

interface ExportFlowState {
  step: ExportStep;
  outDir: string | null;
  taskId: string | null;
  result: ExportResult | null;
  error: AppErrorData | null;
  cancelled: boolean;
  goTo(step: ExportStep): void;
  setOutDir(dir: string | null): void;
  run(): Promise<void>;
  cancel(): Promise<void>;
  reset(): void;
}

const blank = { step: 'load' as ExportStep, outDir: null, taskId: null, result: null, error: null, cancelled: false };

export const useExportFlow = create<ExportFlowState>()((set, get) => ({
  ...blank,
  goTo: (step) => set({ step }),
  setOutDir: (outDir) => set({ outDir, result: null, error: null, cancelled: false }),
  async run() {
    const { outDir, taskId: running } = get();
    const { path, mapping } = useExportAudience.getState();
    if (!outDir || !path || !mapping || running) return;
    const taskId = newTaskId('export');
    set({ taskId, result: null, error: null, cancelled: false });
    try {
      const result = await api.exportAudience({ taskId, path, mapping, outDir });
      set({ result, taskId: null });
    } catch (error) {
      set({ taskId: null, cancelled: isCancelled(error), error: isCancelled(error) ? null : errorData(error) });
    } finally {
      useTasks.getState().forget(taskId);
    }
  },
  async cancel() {
    const { taskId } = get();
    if (taskId) await api.cancelTask({ taskId }).catch(() => undefined);
  },
  reset() {
    const { taskId } = get();
    if (taskId) void api.cancelTask({ taskId }).catch(() => undefined);
    useExportAudience.getState().clear();
    set(blank);
  },
}));
