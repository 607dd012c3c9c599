import { randomBytes } from 'node:crypto';

// Zuora error codes are 8 digits: a 6-digit resource code then a 2-digit category.
// The categories are Zuora's own (see the README's "Errors and limits").
export const CATEGORY = {
  permission: 10,
  authentication: 11,
  invalidValue: 20,
  unknownField: 21,
  missingField: 22,
  missingParameter: 23,
  businessRule: 30,
  notFound: 40,
  unsupportedMethod: 45,
  locking: 50,
  internal: 60,
  temporary: 61,
  limitExceeded: 70,
  malformed: 90,
  integration: 99,
} as const;

// 500000 is what Zuora documents for requests without a payload (GET, DELETE, PUT /stop).
// The others are invented: Zuora does not publish the Mass Updater's resource codes.
export const RESOURCE = {
  unknown: 500000,
  bulkFile: 581001,
  bulkParams: 581002,
  bulkRequest: 581003,
  authentication: 900000,
  sandbox: 599999,
} as const;

export interface ErrorReason {
  code: number | string;
  message: string;
}

export interface ZuoraErrorBody {
  success: false;
  processId: string;
  reasons: ErrorReason[];
}

/** Zuora's processId: 16 upper-case hex characters, e.g. CBCFED6580B4E076. */
export function newProcessId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export function errorCode(resource: number, category: number): number {
  return resource * 100 + category;
}

export function errorBody(code: number | string, message: string): ZuoraErrorBody {
  return { success: false, processId: newProcessId(), reasons: [{ code, message }] };
}

/** An expected failure, answered with Zuora's error shape (or a custom body when Zuora uses another). */
export class ZuoraError extends Error {
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    resource: number,
    category: number,
    message: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ZuoraError';
    this.body = options.body ?? errorBody(errorCode(resource, category), message);
    this.headers = options.headers ?? {};
  }
}
