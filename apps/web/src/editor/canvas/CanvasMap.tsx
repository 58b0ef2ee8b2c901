import { MiniMap } from '@xyflow/react';
import { memo, useId, useState } from 'react';
import { useDoc } from '../store/context';
import { MAP_HEIGHT, MAP_WIDTH, OverviewMap } from './OverviewMap';

/** From this many nodes, the mini map is a canvas (OverviewMap) instead of RF's SVG one. */
const OVERVIEW_FROM = 1000;
const OPEN_KEY = 'triggerflow.map.open';

const SIZE = { width: MAP_WIDTH, height: MAP_HEIGHT };

function readOpen(): boolean {
  try {
    return window.localStorage.getItem(OPEN_KEY) !== 'false';
  } catch {
    return true;
  }
}

/**
 * The mini map, small and collapsible, under the palette: outside the canvas, so it never covers
 * a node. Click or drag in it to move the view (RF's MiniMap reads the canvas' store: it needs
 * only the ReactFlowProvider around the editor, not to sit inside the canvas).
 */
export const CanvasMap = memo(function CanvasMap() {
  const [open, setOpen] = useState(readOpen);
  const id = useId();
  const toggle = () => {
    setOpen(!open);
    try {
      window.localStorage.setItem(OPEN_KEY, String(!open));
    } catch {
      // Not remembered: it still opens and closes.
    }
  };
  return (
    <section className="canvas-map" aria-label="Map of the flow">
      <button
        type="button"
        className="canvas-map__toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={toggle}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Map
      </button>
      <div id={id} hidden={!open}>
        {open && <MapBody />}
      </div>
    </section>
  );
});

function MapBody() {
  const nodes = useDoc().nodes;
  return nodes.length >= OVERVIEW_FROM ? (
    <OverviewMap nodes={nodes} />
  ) : (
    <MiniMap pannable zoomable ariaLabel="Mini map" style={SIZE} className="canvas-map__svg" />
  );
}
