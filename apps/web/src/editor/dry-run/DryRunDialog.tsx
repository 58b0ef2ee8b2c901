import type { BlueprintNode } from '@triggerflow/blueprint';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNodeName } from '../inspector/useNodeName';
import { caseLabel } from '../model/case-label';
import type { FlowNode } from '../model/convert';
import { blueprintOf, settingsOf } from '../store/editor-store';
import { useEditorActions, useEditorStoreApi } from '../store/context';
import { dryRunInWorker } from './dry-run-client';
import { errorText, type DryRunResult } from './dry-run';
import { parseSetup } from './setup';

type MatchNode = Extract<BlueprintNode, { kind: 'match' }>;

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** Dry run: stub outputs per node, an input, then per-node status, steps, fan-outs, final state. */
export function DryRunDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const store = useEditorStoreApi();
  const actions = useEditorActions();
  const blueprint = useMemo(() => blueprintOf(store.getState()), [store]);
  const nameOf = useNodeName();
  const name = useMemo(() => {
    const byId = new Map<string, FlowNode>(
      store.getState().history.present.doc.nodes.map((n) => [n.id, n]),
    );
    return (id: string) => {
      const node = byId.get(id);
      return node ? nameOf(node) : id;
    };
  }, [store, nameOf]);
  const [input, setInput] = useState(() => {
    const sample = settingsOf(store.getState()).meta?.['sampleInput'];
    return sample === undefined ? '{}' : JSON.stringify(sample, null, 2);
  });
  const [stubs, setStubs] = useState<Record<string, string>>({});
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [result, setResult] = useState<DryRunResult | null>(null);
  const [running, setRunning] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const stubbed = blueprint.nodes.filter((n) => n.kind === 'chunk' || n.kind === 'pause');
  const matches = blueprint.nodes.filter((n): n is MatchNode => n.kind === 'match');

  const run = async () => {
    setRunning(true);
    try {
      const done = await dryRunInWorker(blueprint, parseSetup(input, stubs, choices));
      setResult(done);
      actions.setLastDryRun(done);
    } catch (error) {
      setResult({
        ok: false,
        error: errorText(error),
        steps: [],
        nodes: {},
        fanOuts: {},
        final: null,
        notes: [],
      });
    } finally {
      setRunning(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="editor-dialog dry-run"
      aria-labelledby="dry-run-title"
      onClose={onClose}
    >
      <h2 id="dry-run-title">Dry run</h2>
      <p className="help">
        Runs the flow here in the browser against stub outputs (no server). An empty stub passes the
        node&apos;s input through; pauses resolve at once as approved.
      </p>
      <label className="field">
        <span>Input (JSON)</span>
        <textarea value={input} rows={2} onChange={(e) => setInput(e.target.value)} />
      </label>
      {stubbed.map((node) => (
        <label key={node.id} className="field">
          <span>Stub output of {name(node.id)}</span>
          <textarea
            rows={1}
            aria-label={`Stub output of ${name(node.id)}`}
            placeholder={
              node.kind === 'pause' ? 'stub decision (approved)' : 'input passes through'
            }
            value={stubs[node.id] ?? ''}
            onChange={(e) => setStubs({ ...stubs, [node.id]: e.target.value })}
          />
        </label>
      ))}
      {matches.map((node) => (
        <label key={node.id} className="field">
          <span>{name(node.id)} takes</span>
          <select
            aria-label={`${name(node.id)} takes`}
            value={choices[node.id] ?? ''}
            onChange={(e) => setChoices({ ...choices, [node.id]: e.target.value })}
          >
            <option value="">decide from the input (value cases only)</option>
            {node.options.cases.map((c) => (
              <option key={c.id} value={c.isElse === true ? 'else' : c.id}>
                {c.isElse === true ? 'else' : caseLabel(node.options.cases, c.id)}
              </option>
            ))}
          </select>
        </label>
      ))}
      <p>
        <button
          type="button"
          className="button button--primary"
          disabled={running}
          onClick={() => void run()}
        >
          {running ? 'Running…' : 'Start dry run'}
        </button>{' '}
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </p>
      {result && <DryRunReport result={result} name={name} />}
    </dialog>
  );
}

/** Why the budget stopped the run, naming the steps that ran most. */
function stoppedText(result: DryRunResult, name: (id: string) => string): string {
  const busiest = Object.entries(result.nodes)
    .sort((a, b) => b[1].runs - a[1].runs)
    .slice(0, 2)
    .map(([id, node]) => `${name(id)} ran ${node.runs} times`);
  return `Stopped after ${result.stoppedAfter ?? 0} steps: the flow may loop forever (${busiest.join(', ')}). Check the cases that lead back.`;
}

function DryRunReport({ result, name }: { result: DryRunResult; name: (id: string) => string }) {
  return (
    <section aria-label="Dry run result" data-testid="dry-run-result">
      {result.stoppedAfter !== undefined ? (
        <p className="notice notice--error" role="alert">
          {stoppedText(result, name)}
        </p>
      ) : result.error ? (
        <p className="notice notice--error" role="alert">
          Dry run failed: {result.error}
        </p>
      ) : (
        <p className="help" role="status">
          Dry run finished.
        </p>
      )}
      {result.notes.length > 0 && (
        <ul className="help">
          {result.notes.map((note) => (
            <li key={`${note.nodeId}:${note.text}`}>
              {name(note.nodeId)} {note.text}
            </li>
          ))}
        </ul>
      )}
      <h3>Nodes</h3>
      <table>
        <tbody>
          {Object.entries(result.nodes).map(([id, node]) => (
            <tr key={id}>
              <th scope="row">{name(id)}</th>
              <td data-testid={`dry-status-${id}`}>{node.status}</td>
              <td>
                {node.runs} run{node.runs === 1 ? '' : 's'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {Object.keys(result.fanOuts).length > 0 && (
        <>
          <h3>Fan-outs</h3>
          <ul>
            {Object.entries(result.fanOuts).map(([id, f]) => (
              <li key={id} data-testid={`dry-fanout-${id}`}>
                {name(id)}: {f.done}/{f.total} done, {f.failed} failed
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Steps</h3>
      {(result.unlistedSteps ?? 0) > 0 && (
        <p className="help">
          The first {result.steps.length} steps; {result.unlistedSteps} more are not listed.
        </p>
      )}
      <ol className="dry-run__steps">
        {result.steps.map((step, i) => (
          <li key={i}>
            {step.type} {name(step.nodeId)}
            {step.scope.length > 0 && ` [${step.scope.join(', ')}]`} {show(step.value)}
          </li>
        ))}
      </ol>
      {result.final && (
        <>
          <h3>Final state</h3>
          <pre data-testid="dry-run-final">{JSON.stringify(result.final, null, 2)}</pre>
        </>
      )}
    </section>
  );
}
