import { z } from 'zod';

/** Per-partner counts for reports: offers by outcome and the feedback received. */
export const PartnerStats = z.object({
  offered: z.number(),
  open: z.number(),
  accepted: z.number(),
  declined: z.number(),
  withdrawn: z.number(),
  expired: z.number(),
  exported: z.number().describe('Leads sent to an ADF-only partner.'),
  contacted: z.number().describe('Accepted leads whose latest feedback is this status.'),
  qualified: z.number(),
  won: z.number(),
  lost: z.number(),
  wonAmount: z.number().describe('Sum of the amounts of won leads.'),
});
