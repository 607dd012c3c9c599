// Browser-safe: what the sessions page shows of one person's open sessions.
export interface OpenSessionSummary {
  identity: string;
  name: string;
  method: 'local' | 'sso';
  sessions: number;
  firstSignedInAt: string;
  lastSignedInAt: string;
}
