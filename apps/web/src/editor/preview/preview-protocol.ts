/** Messages between the editor and the preview worker (preview.worker.ts). */
export type PreviewSyntax = 'jsonata' | 'template';

export interface PreviewRequest {
  readonly id: number;
  readonly source: string;
  readonly syntax: PreviewSyntax;
  readonly input: unknown;
  readonly state: unknown;
}

export type PreviewResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };
