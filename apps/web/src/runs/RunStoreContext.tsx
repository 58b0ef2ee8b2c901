import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { RunActions, RunState, RunStore } from './run-store';

const RunStoreContext = createContext<RunStore | null>(null);

export function RunStoreProvider({ store, children }: { store: RunStore; children: ReactNode }) {
  return <RunStoreContext.Provider value={store}>{children}</RunStoreContext.Provider>;
}

export function useRunStoreApi(): RunStore {
  const store = useContext(RunStoreContext);
  if (store === null) throw new Error('useRun* must be used inside <RunStoreProvider>');
  return store;
}

/** Reads the run page's store with a selector (re-renders when the selected value changes). */
export function useRun<T>(selector: (state: RunState) => T): T {
  return useStore(useRunStoreApi(), selector);
}

export const useRunActions = (): RunActions => useRun((s) => s.actions);
