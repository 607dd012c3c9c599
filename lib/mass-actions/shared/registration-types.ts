// Browser-safe: the register form shows one line per key.
export type RegistrationResult = 'registered' | 'already_known' | 'unknown_to_zuora' | 'malformed' | 'not_checked';

export interface RegistrationOutcome {
  input: string;
  result: RegistrationResult;
  message: string;
}
