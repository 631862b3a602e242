/**
 * The New sync flow: where the person is, what they chose, the plan and the run it started. Lives in
 * a store (not a component) so leaving the screen mid-flow, or mid-run, loses nothing.
 */
import { create } from 'zustand';
import { api } from '../../api';
import type { AppErrorData } from '../../../shared/errors';
import type { Mapping } from '../../../shared/mapping';
import type { ListTarget, Plan, ProfileContent, RunSummary, SyncMode } from '../../../shared/sync';
import { errorData, isCancelled } from '../lib/errors';
import { newTaskId } from '../lib/ids';
import type { ListChoice } from '../lib/lists';
import { massRemovalConfirmed, planKey, type MassRemovalConfirmation, type PlanInputs } from '../lib/plan';
import { isFinished } from '../lib/runs';
import type { SyncStep } from '../lib/steps';
import { createAudienceStore } from './audience-store';
import { useRuns } from './runs-store';
import { useTasks } from './tasks-store';

export const useSyncAudience = createAudienceStore();

export function toListTarget(choice: ListChoice): ListTarget {
  return choice.kind === 'existing' ? { id: choice.id } : { name: choice.name.trim(), create: true };
}

interface SyncFlowState {
  step: SyncStep;
  listChoice: ListChoice | null;
  mode: SyncMode;
  content: ProfileContent;
  planTaskId: string | null;
  planningKey: string | null;
  plan: Plan | null;
  planKey: string | null;
  planError: AppErrorData | null;
  confirmation: MassRemovalConfirmation;
  starting: boolean;
  startError: AppErrorData | null;
  runId: string | null;
  goTo(step: SyncStep): void;
  setListChoice(choice: ListChoice | null): void;
  setMode(mode: SyncMode): void;
  setContent(content: ProfileContent): void;
  /** Plans unless the current plan already answers these inputs (or `fresh` asks to read everything again). */
  makePlan(inputs: PlanInputs, fresh?: boolean): Promise<void>;
  cancelPlan(): Promise<void>;
  setConfirmation(confirmation: Partial<MassRemovalConfirmation>): void;
  start(): Promise<RunSummary | null>;
  /** Called for every runStatus event: a finished run moves the flow to Done. */
  onRunStatus(summary: RunSummary): void;
  /** Starts a new sync from a past run's file, mapping, list and mode (an alert's "run it again"). */
  prefillFrom(input: { path: string; mapping: Mapping | null; list: ListChoice | null; mode: SyncMode; content: ProfileContent }): Promise<void>;
  reset(): void;
}

const blank = {
  step: 'load' as SyncStep,
  listChoice: null,
  mode: 'add' as SyncMode,
  content: 'identifiers' as ProfileContent,
  planTaskId: null,
  planningKey: null,
  plan: null,
  planKey: null,
  planError: null,
  confirmation: { typedName: '', ticked: false },
  starting: false,
  startError: null,
  runId: null,
};

export const useSyncFlow = create<SyncFlowState>()((set, get) => ({
  ...blank,
  goTo(step) {
    set({ step });
  },
  setListChoice(listChoice) {
    set({ listChoice });
  },
  setMode(mode) {
    set({ mode });
  },
  setContent(content) {
    set({ content });
  },
  async makePlan(inputs, fresh = false) {
    const key = planKey(inputs);
    const state = get();
    if (state.planningKey === key || (!fresh && state.planKey === key && state.plan && !state.planError)) return;
    if (state.planTaskId) await api.cancelTask({ taskId: state.planTaskId }).catch(() => undefined);
    const taskId = newTaskId('plan');
    set({ planTaskId: taskId, planningKey: key, plan: null, planKey: null, planError: null, confirmation: { typedName: '', ticked: false } });
    try {
      const plan = await api.planSync({
        taskId, credentialId: inputs.credentialId, path: inputs.path, mapping: inputs.mapping,
        list: inputs.list, mode: inputs.mode, content: inputs.content,
      });
      if (get().planTaskId !== taskId) return;
      set({ plan, planKey: key, planTaskId: null, planningKey: null });
    } catch (error) {
      if (get().planTaskId !== taskId) return;
      set({ planTaskId: null, planningKey: null, planError: isCancelled(error) ? null : errorData(error) });
    } finally {
      useTasks.getState().forget(taskId);
    }
  },
  async cancelPlan() {
    const { planTaskId } = get();
    if (!planTaskId) return;
    set({ planTaskId: null, planningKey: null });
    await api.cancelTask({ taskId: planTaskId }).catch(() => undefined);
  },
  setConfirmation(patch) {
    set((s) => ({ confirmation: { ...s.confirmation, ...patch } }));
  },
  async start() {
    const { plan, confirmation } = get();
    if (!plan || get().starting) return null;
    set({ starting: true, startError: null });
    try {
      const run = await api.startRun({
        runId: plan.runId,
        confirmMassRemoval: plan.massRemoval.confirmationRequired && massRemovalConfirmed(plan, confirmation),
      });
      useRuns.getState().upsert(run);
      // The run may have finished (and said so by event) before this answer arrived.
      const latest = useRuns.getState().runs[run.id] ?? run;
      set({ starting: false, runId: run.id, step: isFinished(latest.status) ? 'done' : 'run' });
      return run;
    } catch (error) {
      set({ starting: false, startError: errorData(error) });
      return null;
    }
  },
  onRunStatus(summary) {
    const { runId, step } = get();
    if (summary.id === runId && step === 'run' && isFinished(summary.status)) set({ step: 'done' });
  },
  async prefillFrom(input) {
    get().reset();
    set({ listChoice: input.list, mode: input.mode, content: input.content, step: 'load' });
    await useSyncAudience.getState().loadWithMapping(input.path, input.mapping);
    const audience = useSyncAudience.getState();
    if (audience.inspect) set({ step: input.list ? 'review' : 'list' });
  },
  reset() {
    const { planTaskId } = get();
    if (planTaskId) void api.cancelTask({ taskId: planTaskId }).catch(() => undefined);
    useSyncAudience.getState().clear();
    set(blank);
  },
}));
