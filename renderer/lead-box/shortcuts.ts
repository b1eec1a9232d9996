/** The lead box's keyboard map, shared by the handler and the help popover. */
export const SHORTCUTS = [
  { keys: ['j'], label: 'Next lead' },
  { keys: ['k'], label: 'Previous lead' },
  { keys: ['a'], label: 'Accept the offer' },
  { keys: ['r'], label: 'Reject…' },
  { keys: ['f'], label: 'Forward…' },
  { keys: ['s'], label: 'Set status…' },
  { keys: ['i'], label: 'Incubate…' },
  { keys: ['n'], label: 'Write a note' },
  { keys: ['/'], label: 'Search' },
  { keys: ['Esc'], label: 'Close dialog, leave search' },
  { keys: ['?'], label: 'Show these shortcuts' },
] as const;
