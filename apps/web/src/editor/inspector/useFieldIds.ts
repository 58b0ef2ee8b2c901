import { useId } from 'react';
import type { FieldIds } from './field-props';

export function useFieldIds(): FieldIds {
  const id = useId();
  return { control: `${id}-control`, help: `${id}-help`, problems: `${id}-problems` };
}
