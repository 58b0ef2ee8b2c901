import { memo } from 'react';
import type { FlowTemplate } from './flow-types';

interface TemplateListProps {
  templates: readonly FlowTemplate[];
  disabled: boolean;
  onUse: (templateId: string) => void;
}

/** The server's starter templates, each with a button that creates a flow from it. */
export const TemplateList = memo(function TemplateList({
  templates,
  disabled,
  onUse,
}: TemplateListProps) {
  if (templates.length === 0) return <p className="empty">This server offers no templates.</p>;
  return (
    <ul className="template-list" aria-label="Templates">
      {templates.map((template) => (
        <li key={template.id} className="template-card">
          <strong className="template-card__title">{template.title}</strong>
          <p className="template-card__description">{template.description}</p>
          <span className="template-card__meta">{template.blueprint.nodes.length} nodes</span>
          <button
            type="button"
            className="button"
            disabled={disabled}
            aria-label={`Use template ${template.title}`}
            onClick={() => onUse(template.id)}
          >
            Use template
          </button>
        </li>
      ))}
    </ul>
  );
});
