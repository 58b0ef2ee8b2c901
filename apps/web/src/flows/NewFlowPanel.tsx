import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { blankBlueprint } from './blank-blueprint';
import type { FlowNotice } from './flow-types';
import { TemplateList } from './TemplateList';
import { useFlowListInvalidation } from './useFlowListInvalidation';

interface NewFlowPanelProps {
  id: string;
  onCreated: (notice: FlowNotice) => void;
  onClose: () => void;
}

const DEFAULT_NAME = 'Untitled flow';

/** A name, then a blank flow (start → end) or one of the server's starter templates. */
export function NewFlowPanel({ id, onCreated, onClose }: NewFlowPanelProps) {
  const trpc = useTRPC();
  const invalidate = useFlowListInvalidation();
  const [name, setName] = useState('');
  const templates = useQuery(trpc.flows.templates.queryOptions(undefined, { staleTime: Infinity }));
  const done = (result: FlowNotice & { kind: 'created' }) => {
    onCreated(result);
    return invalidate();
  };
  const blank = useMutation(
    trpc.flows.create.mutationOptions({
      onSuccess: (result) => done({ kind: 'created', verb: 'Created', result }),
    }),
  );
  const fromTemplate = useMutation(
    trpc.flows.createFromTemplate.mutationOptions({
      onSuccess: (result) => done({ kind: 'created', verb: 'Created', result }),
    }),
  );
  const busy = blank.isPending || fromTemplate.isPending;
  const chosenName = name.trim();

  const createBlank = (event: FormEvent) => {
    event.preventDefault();
    const flowName = chosenName || DEFAULT_NAME;
    fromTemplate.reset();
    blank.mutate({ name: flowName, blueprint: blankBlueprint(flowName), note: 'created blank' });
  };
  const { reset: resetBlank } = blank;
  const { mutate: createFromTemplate } = fromTemplate;
  const pickTemplate = useCallback(
    (templateId: string) => {
      resetBlank();
      createFromTemplate(chosenName ? { templateId, name: chosenName } : { templateId });
    },
    [chosenName, resetBlank, createFromTemplate],
  );
  const failure = blank.error ?? fromTemplate.error;

  return (
    <section id={id} className="panel" aria-labelledby={`${id}-title`}>
      <div className="panel__head">
        <h2 id={`${id}-title`}>New flow</h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <form className="new-flow__form" onSubmit={createBlank}>
        <label className="field">
          <span className="field__label">Flow name</span>
          <input
            className="input"
            value={name}
            maxLength={200}
            placeholder={`${DEFAULT_NAME} (or the template's title)`}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <button type="submit" className="button button--primary" disabled={busy}>
          {blank.isPending ? 'Creating…' : 'Create blank flow'}
        </button>
      </form>
      {failure !== null && <ErrorMessage title="Could not create the flow" error={failure} />}
      <h3 className="panel__subtitle">Or start from a template</h3>
      {templates.isPending && <p role="status">Loading templates…</p>}
      {templates.isError && (
        <ErrorMessage title="Could not load the templates" error={templates.error} />
      )}
      {templates.isSuccess && (
        <TemplateList templates={templates.data} disabled={busy} onUse={pickTemplate} />
      )}
    </section>
  );
}
