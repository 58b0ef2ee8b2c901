export { NodeCatalog, expressionCondition, type CatalogEntry } from './catalog';
export * from './form';
export {
  categoryLabels,
  defineKind,
  expressionString,
  kindHandler,
  scope,
  type NodeCategory,
  type NodeKind,
  type NodeKindInfo,
} from './kind';
export {
  checkExpression,
  compileExpression,
  ExpressionError,
  type CompiledExpression,
  type ExpressionLimits,
} from './expression';
export { structuralKinds } from './kinds/structural';
export {
  dataKinds,
  delayKind,
  emitEventKind,
  emitToStreamKind,
  getStateKind,
  setStateKind,
  transformKind,
} from './kinds/data';
export * from './ai/provider';
export {
  ApprovalError,
  approvalDecisionSchema,
  approvalFormSchema,
  approvalKind,
  approvalPromptSchema,
  approvalVoteSchema,
  defaultApprovalForm,
  type ApprovalConfig,
  type ApprovalDecision,
  type ApprovalOutput,
  type ApprovalPrompt,
  type ApprovalVote,
} from './kinds/approval';
export { createAgent, type AgentBuilder, type AgentOptions, type AgentRun } from './ai/agent';
export {
  openAICompatibleProvider,
  type FetchLike,
  type FetchLikeResponse,
  type OpenAICompatibleOptions,
} from './ai/openai';
export { rulesProvider, type RulesProviderOptions } from './ai/rules';
export { agentKind, agentKinds, classifyKind } from './kinds/agent';
export {
  httpKind,
  type HttpNodeConfig,
  type HttpNodeErrorCode,
  type HttpNodeOutput,
} from './kinds/http';
export * from './http/client';
export { builtinKinds, createBuiltinCatalog } from './builtins';
