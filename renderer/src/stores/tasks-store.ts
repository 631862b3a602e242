/** The latest taskProgress event per task (inspect, plan, export), for progress bars. */
import { create } from 'zustand';
import type { TaskProgress } from '../../../shared/sync';

interface TasksState {
  progress: Record<string, TaskProgress>;
  update(progress: TaskProgress): void;
  forget(taskId: string): void;
}

export const useTasks = create<TasksState>()((set) => ({
  progress: {},
  update: (progress) => set((s) => ({ progress: { ...s.progress, [progress.taskId]: progress } })),
  forget: (taskId) => set((s) => {
    if (!(taskId in s.progress)) return s;
    const progress = { ...s.progress };
    delete progress[taskId];
    return { progress };
  }),
}));

export function useTaskProgress(taskId: string | null): TaskProgress | null {
  return useTasks((s) => (taskId ? s.progress[taskId] ?? null : null));
}
