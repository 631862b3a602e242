/**
 * The Load and Map steps' state: the inspected file, the mapping being edited and its preview.
 * A factory, because New sync and Export for SFTP each keep their own file and mapping.
 */
import { create } from 'zustand';
import { api } from '../../api';
import type { InspectResult, PreviewMappingResult } from '../../../shared/audience';
import type { AppErrorData } from '../../../shared/errors';
import type { Mapping, Target } from '../../../shared/mapping';
import { errorData } from '../lib/errors';
import { withColumnTarget } from '../lib/targets';

export interface AudienceState {
  path: string | null;
  inspecting: boolean;
  inspect: InspectResult | null;
  inspectError: AppErrorData | null;
  mapping: Mapping | null;
  preview: PreviewMappingResult | null;
  /** The mapping (as JSON) the preview was computed for; differs from the mapping while an update is due. */
  previewKey: string | null;
  previewing: boolean;
  previewError: AppErrorData | null;
  loadFile(path: string): Promise<void>;
  /** Starts from a known file and mapping (resolving an alert by re-running a past run). */
  loadWithMapping(path: string, mapping: Mapping | null): Promise<void>;
  setTarget(index: number, target: Target): void;
  setDefaultRegion(region: string): void;
  resetMapping(): void;
  refreshPreview(): Promise<void>;
  clear(): void;
}

export type AudienceStore = ReturnType<typeof createAudienceStore>;

export function mappingKey(mapping: Mapping | null): string | null {
  return mapping ? JSON.stringify(mapping) : null;
}

export function createAudienceStore() {
  // Sequence numbers: only the newest inspect / preview may write its answer.
  let inspectSeq = 0;
  let previewSeq = 0;
  const initial = {
    path: null, inspecting: false, inspect: null, inspectError: null, mapping: null, preview: null,
    previewKey: null, previewing: false, previewError: null,
  };
  return create<AudienceState>()((set, get) => ({
    ...initial,
    loadFile: (path) => get().loadWithMapping(path, null),
    async loadWithMapping(path, mapping) {
      const seq = ++inspectSeq;
      previewSeq += 1;
      set({ ...initial, path, inspecting: true });
      try {
        const inspect = await api.inspectFile({ path });
        if (seq !== inspectSeq) return;
        set({ inspect, inspecting: false, mapping: mapping ?? inspect.suggestedMapping });
      } catch (error) {
        if (seq !== inspectSeq) return;
        set({ inspecting: false, inspectError: errorData(error) });
      }
    },
    setTarget(index, target) {
      const { mapping } = get();
      if (mapping) set({ mapping: withColumnTarget(mapping, index, target) });
    },
    setDefaultRegion(region) {
      const { mapping } = get();
      if (mapping) set({ mapping: { ...mapping, defaultRegion: region } });
    },
    resetMapping() {
      const { inspect } = get();
      if (inspect) set({ mapping: inspect.suggestedMapping });
    },
    async refreshPreview() {
      const { path, mapping } = get();
      if (!path || !mapping) return;
      const key = mappingKey(mapping);
      if (key === get().previewKey && get().previewError === null) return;
      const seq = ++previewSeq;
      set({ previewing: true });
      try {
        const preview = await api.previewMapping({ path, mapping });
        if (seq !== previewSeq) return;
        set({ preview, previewKey: key, previewing: false, previewError: null });
      } catch (error) {
        if (seq !== previewSeq) return;
        set({ previewing: false, previewError: errorData(error), previewKey: key });
      }
    },
    clear() {
      inspectSeq += 1;
      previewSeq += 1;
      set(initial);
    },
  }));
}
