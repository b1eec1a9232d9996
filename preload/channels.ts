/** The two IPC channels between preload and main; main/electron imports these too. */
export const INVOKE_CHANNEL = 'leadrelay:invoke';
export const EVENT_CHANNEL = 'leadrelay:event';
