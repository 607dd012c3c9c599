import { describe, expect, it } from 'vitest';
import { describeWhatStopNeeds, isStopReasonRequired, stopConfirmationWord } from './stop-friction';

describe('the friction of a stop', () => {
  it('asks production for a reason and its name typed; a sandbox stop is one click', () => {
    const production = { isReasonRequired: isStopReasonRequired('production', 'production'), confirmationWord: stopConfirmationWord('production') };
    const sandbox = { isReasonRequired: isStopReasonRequired('production', 'sandbox'), confirmationWord: stopConfirmationWord('sandbox') };
    expect(describeWhatStopNeeds(sandbox, { reason: '', confirmation: '' })).toBeNull();
    expect(describeWhatStopNeeds(production, { reason: '', confirmation: '' })).toBe('To stop, give a reason and type “production”.');
    expect(describeWhatStopNeeds(production, { reason: '  ', confirmation: 'production' })).toBe('To stop, give a reason.');
    expect(describeWhatStopNeeds(production, { reason: 'FIN-4821', confirmation: 'Production' })).toBe('To stop, type “production”.');
    expect(describeWhatStopNeeds(production, { reason: 'FIN-4821', confirmation: ' production ' })).toBeNull();
  });

  it('follows STOP_REASON_REQUIRED for the reason, whatever the environment', () => {
    expect(isStopReasonRequired('always', 'sandbox')).toBe(true);
    expect(isStopReasonRequired('never', 'production')).toBe(false);
    expect(describeWhatStopNeeds({ isReasonRequired: false, confirmationWord: 'production' }, { reason: '', confirmation: 'production' })).toBeNull();
  });
});
