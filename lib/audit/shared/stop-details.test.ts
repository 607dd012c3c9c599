import { describe, expect, it } from 'vitest';
import { describeZuoraAnswer, readStopDetails } from './stop-details';

describe('readStopDetails', () => {
  it('reads the reason, the label and Zuora’s answer of a stop request', () => {
    expect(readStopDetails({ reason: 'wrong mapping', label: 'fix.csv', zuoraAnswer: 'accepted', joined: false })).toEqual({ reason: 'wrong mapping', label: 'fix.csv', zuoraAnswer: 'accepted' });
    expect(describeZuoraAnswer('not-asked')).toBe('not asked (the console refused the stop)');
  });

  it('leaves out what an older or odd entry lacks rather than showing it wrongly', () => {
    expect(readStopDetails(null)).toEqual({ reason: null, label: null, zuoraAnswer: null });
    expect(readStopDetails({ reason: null, label: 42, zuoraAnswer: 'maybe' })).toEqual({ reason: null, label: null, zuoraAnswer: null });
  });
});
