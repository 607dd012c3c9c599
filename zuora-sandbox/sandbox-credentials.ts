// Not a real credential: the sandbox's fixed OAuth client (client_id is 36 characters, like Zuora's).
export const SANDBOX_CLIENT_ID = '5a1f9c2e-0b7d-4e8a-9c3f-000000000001';
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret-not-for-production';
