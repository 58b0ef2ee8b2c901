/** The system clipboard when the page may use it, else a memory of the last copy in this tab. */
let memory: string | null = null;

export async function writeClipboard(text: string): Promise<void> {
  memory = text;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Not allowed (no focus, no permission, insecure origin): the in-memory copy serves.
  }
}

export async function readClipboard(): Promise<string | null> {
  try {
    const text = await navigator.clipboard.readText();
    if (text) return text;
  } catch {
    // Fall back to this tab's last copy.
  }
  return memory;
}
