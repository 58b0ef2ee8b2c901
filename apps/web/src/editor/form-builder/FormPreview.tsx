import { useState } from 'react';
import { ResponseForm } from '../../approvals/ResponseForm';

/**
 * A form exactly as its audience will see it: the approver's response form (the same component
 * the approval dialog renders) above Approve / Reject, or the run's input form above Start run.
 * It can be filled in, to try it; nothing is sent.
 */
export function FormPreview(props: {
  schema: Record<string, unknown>;
  audience: 'approver' | 'runner';
  hidden: readonly string[];
}) {
  const { schema, audience, hidden } = props;
  const [value, setValue] = useState<Record<string, unknown>>({});
  const empty =
    Object.keys((schema['properties'] as object | undefined) ?? {}).length === hidden.length;
  return (
    <section className="form-preview" aria-label="Preview">
      <h3 className="form-preview__title">
        {audience === 'approver' ? 'What the approver sees' : 'What the person starting a run sees'}
      </h3>
      <div className="form-preview__frame">
        {empty ? (
          <p className="help">
            {audience === 'approver'
              ? 'Only the buttons: no fields to fill in.'
              : 'No fields: the run starts with an empty input.'}
          </p>
        ) : (
          <ResponseForm
            schema={schema}
            hidden={hidden}
            value={value}
            onChange={setValue}
            errors={{}}
            idPrefix={`preview-${audience}`}
            disabled={false}
          />
        )}
        <div className="decision-panel__buttons" aria-hidden="true">
          {audience === 'approver' ? (
            <>
              <button type="button" className="button button--primary" disabled tabIndex={-1}>
                Approve
              </button>
              <button type="button" className="button button--danger" disabled tabIndex={-1}>
                Reject
              </button>
            </>
          ) : (
            <button type="button" className="button button--primary" disabled tabIndex={-1}>
              Start run
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
