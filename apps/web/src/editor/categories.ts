import { categoryLabels } from '@triggerflow/nodes';

/** The palette's categories in words, in the order the palette lists them (the node library's). */
const CATEGORY_NAMES: Readonly<Record<string, string>> = categoryLabels;

const ORDER = Object.keys(CATEGORY_NAMES);

/** `io` → `Input and output`; a category the studio does not know is capitalised. */
export function categoryName(category: string): string {
  return CATEGORY_NAMES[category] ?? category.charAt(0).toUpperCase() + category.slice(1);
}

/** Known categories in the palette's order, then unknown ones alphabetically. */
export function compareCategories(a: string, b: string): number {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  if (ia !== -1 || ib !== -1)
    return (ia === -1 ? ORDER.length : ia) - (ib === -1 ? ORDER.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}
