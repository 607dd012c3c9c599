import 'server-only';
import type { Actor } from '../audit/audit-trail';
import { getConfig } from '../config';
import { clientAddress } from './client-address';
import type { User } from './session';

/** The signed-in user as the audit trail records them, with the address the request came from. */
export function actorOf(user: User, headers: Headers): Actor {
  return { email: user.email, name: user.name, role: user.role, clientAddress: clientAddress(headers, getConfig().auth.trustedProxyHops) };
}
