import 'server-only';
import { ConfigError, getConfig } from './config';

/** A bad configuration stops the server with a message naming the variables, not on the first request. */
export function checkConfigurationAtStartup(): void {
  try {
    getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`\n${error.message}\n\nSee README.md, "Point it at a real Zuora tenant".\n\n`);
    process.exit(1);
  }
}
