// Next.js may bundle this module more than once while process-wide singletons (the Zuora client, the
// importer) are shared, so `instanceof` checks a brand rather than the class's identity.
const API_ERROR_BRAND = Symbol.for('mass-action-console.ApiError');

/** An expected failure with the HTTP status and the sentence the user reads. */
export class ApiError extends Error {
  readonly [API_ERROR_BRAND] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && API_ERROR_BRAND in value;
  }

  constructor(public readonly status: number, public readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}
