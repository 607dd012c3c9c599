import { z } from 'zod';
import { ZuoraError, CATEGORY, RESOURCE } from './zuora-errors';

// How one uploaded mass action behaves over time. Sandbox-only: real Zuora decides this itself.
const behaviourFields = {
  pendingMs: z.number().int().min(0),
  rowsPerSecond: z.number().positive(),
  // every Nth processed row fails (0 = none)
  failEvery: z.number().int().min(0),
  // 'fail' = the whole action becomes Failed after pendingMs, nothing processed, no file
  outcome: z.enum(['process', 'fail']),
  stoppingMs: z.number().int().min(0),
  // the schema types counts as strings while Zuora's sample shows numbers: the console must take both
  countsAsStrings: z.boolean(),
  // How Zuora answers an upload it refuses for its file is unconfirmed: a 400, or a 200 with success:false.
  refusalStatus: z.union([z.literal(400), z.literal(200)]),
  // Whether a readable file that breaks its type's rules (a required column missing, no records, not
  // UTF-8, not CSV) is refused at upload or accepted and then Failed is unconfirmed: both are offered.
  badFile: z.enum(['refuse', 'fail']),
  // Whether Zuora matches header labels ignoring case and spaces is unconfirmed; 'loose' does.
  headerMatch: z.enum(['exact', 'loose']),
};

export const uploadBehaviourSchema = z.object(behaviourFields).strict();
export const partialBehaviourSchema = z.object(behaviourFields).partial().strict();

export type UploadBehaviour = z.infer<typeof uploadBehaviourSchema>;

export const DEFAULT_BEHAVIOUR: UploadBehaviour = {
  pendingMs: 3000,
  rowsPerSecond: 200,
  failEvery: 7,
  outcome: 'process',
  stoppingMs: 2000,
  countsAsStrings: false,
  refusalStatus: 400,
  badFile: 'refuse',
  headerMatch: 'exact',
};

/** Later layers win; undefined values never erase an earlier layer. */
export function resolveBehaviour(...layers: Array<Partial<UploadBehaviour> | undefined>): UploadBehaviour {
  const resolved: UploadBehaviour = { ...DEFAULT_BEHAVIOUR };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value !== undefined) Object.assign(resolved, { [key]: value });
    }
  }
  return uploadBehaviourSchema.parse(resolved);
}

export const BEHAVIOUR_HEADER = 'x-sandbox-behaviour';

/** Reads the optional X-Sandbox-Behaviour request header (JSON of Partial<UploadBehaviour>). */
export function readBehaviourHeader(value: string | string[] | undefined): Partial<UploadBehaviour> {
  if (value === undefined) return {};
  const text = Array.isArray(value) ? value.join(',') : value;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ZuoraError(400, RESOURCE.sandbox, CATEGORY.malformed, 'X-Sandbox-Behaviour header is not valid JSON.');
  }
  const parsed = partialBehaviourSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ZuoraError(400, RESOURCE.sandbox, CATEGORY.invalidValue, `X-Sandbox-Behaviour header is invalid: ${issues.join('; ')}`);
  }
  return parsed.data;
}
