/**
 * The catalog's kind labels for the node views, by context: read once by the canvas (a store
 * subscription per node would run on every store update), so a node header says "Set state",
 * as the palette does, not the handler ref.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { KindLabels } from './node-text';

const KindLabelsContext = createContext<KindLabels>(new Map());

export function KindLabelsProvider({
  entries,
  children,
}: {
  entries: readonly { kind: string; label: string }[];
  children: ReactNode;
}) {
  const labels = useMemo(() => new Map(entries.map((e) => [e.kind, e.label])), [entries]);
  return <KindLabelsContext.Provider value={labels}>{children}</KindLabelsContext.Provider>;
}

export const useKindLabels = (): KindLabels => useContext(KindLabelsContext);
