import 'server-only';
import { getConfig } from '../config';
import type { ZuoraEnvironmentKind } from '../zuora/shared/hosts';
import type { WebhookConfig } from './webhook-config';

/** What notifying needs from the configuration; the tests pass their own. */
export interface NotificationSettings {
  webhooks: WebhookConfig[];
  allowPrivateTargets: boolean;
  environment: ZuoraEnvironmentKind;
  /** NEXTAUTH_URL, for the link to the job page. */
  consoleUrl: string;
}

export function notificationSettings(): NotificationSettings {
  const { notifications, zuora, auth } = getConfig();
  return { webhooks: notifications.webhooks, allowPrivateTargets: notifications.allowPrivateTargets, environment: zuora.environment, consoleUrl: auth.url };
}
