/** Messages between the editor and its validation worker (validation.worker.ts). */
import type { Blueprint } from '@triggerflow/blueprint';
import type { ValidationCatalogEntry } from './editor-issues';
import type { ElementIssues } from './validation';

export type ValidationRequest =
  /** The catalog to validate against, sent before the first blueprint (and when it changes). */
  | { readonly type: 'catalog'; readonly entries: readonly ValidationCatalogEntry[] }
  | { readonly type: 'validate'; readonly id: number; readonly blueprint: Blueprint };

export type ValidationResponse =
  | { readonly id: number; readonly ok: true; readonly issues: ElementIssues }
  | { readonly id: number; readonly ok: false; readonly error: string };
