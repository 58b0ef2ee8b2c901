import { useEffect, useState } from 'react';
import type { checkJsonataField } from '../model/jsonata-check';

type Check = typeof checkJsonataField;

let loaded: Check | undefined;
let loading: Promise<Check> | undefined;

/**
 * The JSONata syntax check (model/jsonata-check.ts), loaded on first use: the `jsonata` parser is
 * ~100 kB the editor does not need to show a flow. Undefined until it has loaded (a few ms after
 * the first form that asks for it).
 */
export function useJsonataCheck(): Check | undefined {
  const [check, setCheck] = useState(() => loaded);
  useEffect(() => {
    if (check !== undefined) return;
    let live = true;
    loading ??= import('../model/jsonata-check').then((m) => (loaded = m.checkJsonataField));
    void loading.then((c) => live && setCheck(() => c));
    return () => {
      live = false;
    };
  }, [check]);
  return check;
}
