import 'server-only';
import { z } from 'zod';
import { MASS_ACTION_STATUSES } from '../mass-actions/shared/status';
import type { MassActionState } from '../mass-actions/shared/types';

// Zuora types the counts as strings, its samples show numbers, and they are null while Pending.
const count = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    if (v == null || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v.trim());
    if (!Number.isFinite(n) || n < 0) {
      ctx.addIssue({ code: 'custom', message: `is not a count: ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n;
  });

const optionalText = z.string().nullish().transform((v) => (v == null || v === '' ? null : v));
const optionalSize = z.union([z.number(), z.string()]).nullish().transform((v) => {
  if (v == null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
});

export const massActionResponse = z
  .object({
    success: z.boolean().optional(),
    actionType: z.string().min(1),
    status: z.enum(MASS_ACTION_STATUSES),
    totalCount: count,
    processedCount: count,
    successCount: count,
    errorCount: count,
    inputSize: optionalSize,
    outputSize: optionalSize,
    outputType: optionalText,
    outputURL: optionalText,
    uploadedBy: optionalText,
    uploadedOn: optionalText,
    startedOn: optionalText,
    endedOn: optionalText,
  })
  .transform(({ outputURL, success: _success, ...rest }): MassActionState => ({ ...rest, outputUrl: outputURL }));

export const createMassActionResponse = z.object({
  bulkKey: z.string().regex(/^[A-Za-z0-9]{32}$/),
  success: z.boolean().optional(),
});

export const stopMassActionResponse = z.object({ success: z.boolean().optional() });
