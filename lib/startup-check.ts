import 'server-only';
import { ConfigError, getConfig } from './config';
import { DatabaseUnreachableError, getDatabase } from './db/database';
import { startBackgroundRefreshes } from './mass-actions/list-service';
import { startWebhookDeliveries } from './notifications/notify';

/**
 * A bad configuration, or a database that cannot be opened (a wrong DATABASE_URL, a server that is
 * down), stops the server at start with a message naming the variable, not on the first request.
 * Opening the database also migrates it: of several instances starting at once, one migrates.
 */
export async function checkConfigurationAtStartup(): Promise<void> {
  try {
    getConfig();
    await getDatabase();
    startBackgroundRefreshes();
    startWebhookDeliveries();
  } catch (error) {
    if (error instanceof ConfigError) fail(`${error.message}\n\nSee README.md, "Point it at a real Zuora tenant".`);
    if (error instanceof DatabaseUnreachableError) fail(`${error.message}\n\nSee README.md, "Run on PostgreSQL".`);
    throw error;
  }
}

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}
