import type { FormField } from '@triggerflow/nodes';
import type { FieldProps } from './field-props';
import { AmountInput } from './widgets/AmountInput';
import { BindingsInput } from './widgets/BindingsInput';
import { BranchPicker } from './widgets/BranchPicker';
import { CasesEditor } from './widgets/CasesEditor';
import { ChildrenList } from './widgets/ChildrenList';
import { ChoiceInput } from './widgets/ChoiceInput';
import { ExpressionInput } from './widgets/ExpressionInput';
import { FlowPicker } from './widgets/FlowPicker';
import { FormBuilderInput } from './widgets/FormBuilderInput';
import { GroupInput } from './widgets/GroupInput';
import { JsonInput } from './widgets/JsonInput';
import { KeyValueInput } from './widgets/KeyValueInput';
import { ListInput } from './widgets/ListInput';
import { NumberInput } from './widgets/NumberInput';
import { PeoplePicker } from './widgets/PeoplePicker';
import { PrefixedInput } from './widgets/PrefixedInput';
import { TextInput } from './widgets/TextInput';
import { Toggle } from './widgets/Toggle';

/** One setting, drawn by the widget its field names (never a generic "unsupported field"). */
export function FieldView(props: FieldProps) {
  const { field } = props;
  const as = <F extends FormField>(f: F) => ({ ...props, field: f });
  switch (field.widget) {
    case 'text':
      return <TextInput {...as(field)} />;
    case 'number':
      return <NumberInput {...as(field)} />;
    case 'duration':
    case 'bytes':
      return <AmountInput {...as(field)} />;
    case 'toggle':
      return <Toggle {...as(field)} />;
    case 'choice':
      return <ChoiceInput {...as(field)} />;
    case 'expression':
      return <ExpressionInput {...as(field)} />;
    case 'valueOrExpression':
      return <PrefixedInput {...as(field)} />;
    case 'json':
      return <JsonInput {...as(field)} />;
    case 'list':
      return <ListInput {...as(field)} />;
    case 'group':
      return <GroupInput {...as(field)} />;
    case 'keyValue':
      return <KeyValueInput {...as(field)} />;
    case 'people':
      return <PeoplePicker {...as(field)} />;
    case 'formBuilder':
      return <FormBuilderInput {...as(field)} />;
    case 'cases':
      return <CasesEditor {...as(field)} />;
    case 'branch':
      return <BranchPicker {...as(field)} />;
    case 'flow':
      return <FlowPicker {...as(field)} />;
    case 'bindings':
      return <BindingsInput {...as(field)} />;
    case 'children':
      return <ChildrenList {...as(field)} />;
  }
}
