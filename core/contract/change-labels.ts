/** How a queued change reads to the rep, by mutation kind: in the needs-attention list and its notification. */
const CHANGE_LABELS: Record<string, string> = { accept: 'Accept', reject: 'Reject', forward: 'Forward', setStatus: 'Status change', incubate: 'Incubation', addNote: 'Note' };

export function changeLabel(kind: string): string {
  return CHANGE_LABELS[kind] ?? kind;
}
