import { useEffect, useState } from 'react';
import type { PreviewSample } from '../inspector/inspector-context';
import { evaluateInWorker, type PreviewResult } from './preview-client';
import type { PreviewSyntax } from './preview-protocol';

const DEBOUNCE_MS = 250;

/**
 * The live preview of an expression on the sample (debounced; evaluated in the preview worker).
 * Null while there is nothing to evaluate (no sample, empty or unparsable source).
 */
export function usePreview(options: {
  source: string;
  syntax: PreviewSyntax;
  sample: PreviewSample | null;
  enabled: boolean;
}): PreviewResult | null {
  const { source, syntax, sample, enabled } = options;
  const [result, setResult] = useState<PreviewResult | null>(null);
  useEffect(() => {
    if (!enabled || sample === null || source.trim() === '') {
      setResult(null);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      void evaluateInWorker({ source, syntax, input: sample.input, state: sample.state }).then(
        (r) => {
          if (live && !(r.ok === false && r.message === 'superseded')) setResult(r);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [source, syntax, sample, enabled]);
  return result;
}

/** A value as the preview shows it: JSON, cut after `max` characters. */
export function previewText(value: unknown, max = 400): string {
  if (value === undefined) return 'nothing (no value)';
  const text = JSON.stringify(value, null, 1) ?? 'a value that cannot be shown';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
