import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RunView } from './run-state';

/**
 * The run page's state (STYLE.md: a store built by a factory, provided through context, read
 * with selectors): the run slice (the view folded from its events, the feed's health) and the ui
 * slice (selected node, side tab, the prompt dialog). Components call actions only.
 */

export type SideTab = 'timeline' | 'stream' | 'node' | 'result';

export interface RunActions {
  setView: (view: RunView) => void;
  setSubscribed: (subscribed: boolean) => void;
  setFeedError: (message: string | null) => void;
  /** Selects a node (and shows its tab), or clears the selection. */
  select: (nodeId: string | null) => void;
  setTab: (tab: SideTab) => void;
  /** Opens the prompt dialog of a pause, or closes it (null). */
  openPrompt: (interruptId: string | null) => void;
}

export interface RunState {
  view: RunView;
  /** The socket follows the run (`run:subscribe` acknowledged since the last connect). */
  subscribed: boolean;
  feedError: string | null;
  selectedNodeId: string | null;
  tab: SideTab;
  promptFor: string | null;
  actions: RunActions;
}

export type RunStore = StoreApi<RunState>;

export function createRunStore(view: RunView): RunStore {
  return createStore<RunState>()((set) => ({
    view,
    subscribed: false,
    feedError: null,
    selectedNodeId: null,
    tab: 'timeline',
    promptFor: null,
    actions: {
      setView: (next) => set({ view: next }),
      setSubscribed: (subscribed) => set({ subscribed }),
      setFeedError: (feedError) => set({ feedError }),
      select: (nodeId) =>
        set((s) => ({ selectedNodeId: nodeId, tab: nodeId === null ? s.tab : 'node' })),
      setTab: (tab) => set({ tab }),
      openPrompt: (promptFor) => set({ promptFor }),
    },
  }));
}
