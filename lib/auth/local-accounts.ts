import 'server-only';
import { z } from 'zod';
import { ROLES } from './shared/roles';
import { PASSWORD_HASH_PATTERN } from './password';

export const localAccountsSchema = z.array(
  z.object({
    email: z.email().transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1),
    role: z.enum(ROLES),
    passwordHash: z.string().regex(PASSWORD_HASH_PATTERN, 'must be a hash made by `npm run hash-password`, never a plain password'),
  }),
);

export type LocalAccount = z.infer<typeof localAccountsSchema>[number];
