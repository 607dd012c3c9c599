export const FAILED_SIGN_IN_MESSAGE = 'Sign-in failed. Check your email and password.';
