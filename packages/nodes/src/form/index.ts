export type * from './spec';
export { allFields, fieldAt, withArticle, type FieldAt } from './fields';
export { describeConfigIssue, fieldOfPath, plainMessage } from './problems';
