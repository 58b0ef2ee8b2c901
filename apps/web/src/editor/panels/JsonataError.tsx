/** The syntax error of a JSONata text, under its field (the field names it in `aria-describedby`). */
export function JsonataError({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} className="field-error" role="alert">
      {message}
    </p>
  );
}
