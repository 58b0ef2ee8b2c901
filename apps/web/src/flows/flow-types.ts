import type { ApiOutputs } from '../api/trpc';

export type FlowSummary = ApiOutputs['flows']['list']['items'][number];
export type CreatedFlow = ApiOutputs['flows']['create'];
export type FlowTemplate = ApiOutputs['flows']['templates'][number];

/** What the flows page reports after an action. */
export type FlowNotice =
  | { kind: 'created'; verb: 'Created' | 'Imported' | 'Duplicated'; result: CreatedFlow }
  | { kind: 'deleted'; name: string };
