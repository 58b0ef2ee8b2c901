import type { BlueprintMeta } from '../model/convert';
import { useEffect, useRef, useState } from 'react';
import { ResponseForm } from '../../approvals/ResponseForm';
import { FormBuilderDialog } from '../form-builder/FormBuilderDialog';
import { modelOf, summaryOf } from '../form-builder/form-model';
import { jsonProblem } from '../inspector/widgets/JsonInput';
import { settingsOf } from '../store/editor-store';
import { useEditor, useEditorActions, useEditorStoreApi } from '../store/context';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value, null, 2));

/**
 * The flow's own settings: its name and description, the form a person starting a run fills in
 * (built field by field), and a sample input that previews and dry runs use. Applied as one
 * undoable change; saved with the next version.
 */
export function FlowSettingsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => ref.current?.showModal(), []);
  const store = useEditorStoreApi();
  const actions = useEditorActions();
  const readOnly = useEditor((s) => s.readOnly);
  const [initial] = useState(() => settingsOf(store.getState()));
  const meta = initial.meta ?? {};
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description ?? '');
  const [inputSchema, setInputSchema] = useState<Record<string, unknown> | undefined>(() =>
    isRecord(meta['inputSchema']) ? meta['inputSchema'] : undefined,
  );
  const [sample, setSample] = useState<unknown>(meta['sampleInput']);
  const [sampleText, setSampleText] = useState(() => show(meta['sampleInput']));
  const [sampleAsJson, setSampleAsJson] = useState(inputSchema === undefined);
  const [building, setBuilding] = useState(false);
  const sampleProblem = sampleText.trim() === '' ? null : jsonProblem(sampleText);
  const model = modelOf(inputSchema);
  const nameProblem = name.trim() === '' ? 'Give the flow a name.' : null;

  const apply = () => {
    if (nameProblem || sampleProblem) return;
    const nextMeta: Record<string, unknown> = { ...meta };
    if (inputSchema === undefined) delete nextMeta['inputSchema'];
    else nextMeta['inputSchema'] = inputSchema;
    if (sample === undefined) delete nextMeta['sampleInput'];
    else nextMeta['sampleInput'] = sample;
    const next: BlueprintMeta = { ...initial, name: name.trim() };
    if (description.trim() === '') delete next.description;
    else next.description = description;
    if (Object.keys(nextMeta).length === 0) delete next.meta;
    else next.meta = nextMeta;
    if (JSON.stringify(next) !== JSON.stringify(initial))
      actions.setSettings(next, 'Flow settings');
    onClose();
  };

  return (
    <dialog
      ref={ref}
      className="editor-dialog flow-settings"
      aria-labelledby="flow-settings-title"
      onClose={onClose}
    >
      <h2 id="flow-settings-title">Flow settings</h2>
      <label className="setting">
        <span className="setting__label">Name</span>
        <input
          className="input"
          value={name}
          readOnly={readOnly}
          onChange={(e) => setName(e.target.value)}
        />
        {nameProblem && (
          <span className="setting__problems" role="alert">
            {nameProblem}
          </span>
        )}
      </label>
      <label className="setting">
        <span className="setting__label">Description</span>
        <textarea
          className="input"
          rows={3}
          value={description}
          readOnly={readOnly}
          placeholder="What this flow is for, in a sentence or two"
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <div className="setting">
        <span className="setting__label">Input form</span>
        <p className="setting__summary">
          {inputSchema === undefined
            ? 'None: a run is started with JSON.'
            : model.editable
              ? `A person starting a run fills in: ${summaryOf(model.fields)}`
              : 'A custom form (JSON Schema).'}
        </p>
        <button type="button" className="button button--small" onClick={() => setBuilding(true)}>
          {readOnly
            ? 'See the input form'
            : inputSchema === undefined
              ? 'Make an input form…'
              : 'Edit the input form…'}
        </button>
      </div>
      <div className="setting">
        <div className="setting__head">
          <span className="setting__label">Sample input</span>
          {inputSchema !== undefined && (
            <button
              type="button"
              className="setting__switch"
              onClick={() => setSampleAsJson(!sampleAsJson)}
            >
              {sampleAsJson ? 'Use the form' : 'Edit as JSON'}
            </button>
          )}
        </div>
        <p className="setting__help">What previews and dry runs start with.</p>
        {inputSchema !== undefined && !sampleAsJson ? (
          <div className="flow-settings__sample-form">
            <ResponseForm
              schema={inputSchema}
              hidden={[]}
              value={isRecord(sample) ? sample : {}}
              onChange={(value) => {
                setSample(value);
                setSampleText(show(value));
              }}
              errors={{}}
              idPrefix="sample-input"
              disabled={readOnly}
            />
          </div>
        ) : (
          <textarea
            className="input input--mono"
            aria-label="Sample input (JSON)"
            rows={6}
            value={sampleText}
            readOnly={readOnly}
            placeholder='{ "text": "I was charged twice" }'
            onChange={(e) => {
              const text = e.target.value;
              setSampleText(text);
              if (text.trim() === '') setSample(undefined);
              else if (jsonProblem(text) === null) setSample(JSON.parse(text) as unknown);
            }}
          />
        )}
        {sampleProblem && (
          <span className="setting__problems" role="alert">
            {sampleProblem}
          </span>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {readOnly ? 'Close' : 'Cancel'}
        </button>
        {!readOnly && (
          <button
            type="button"
            className="button button--primary"
            disabled={nameProblem !== null || sampleProblem !== null}
            onClick={apply}
          >
            Apply
          </button>
        )}
      </div>
      {building && (
        <FormBuilderDialog
          title="Input form"
          audience="runner"
          schema={inputSchema}
          hidden={[]}
          readOnly={readOnly}
          onDone={(schema) => {
            setInputSchema(schema);
            if (schema !== undefined) setSampleAsJson(false);
            setBuilding(false);
          }}
          onClose={() => setBuilding(false)}
        />
      )}
    </dialog>
  );
}
