import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { zuoraAnswerTo } from './stop-service';

describe('zuoraAnswerTo', () => {
  it('says refused only when Zuora refused the stop itself', () => {
    expect(zuoraAnswerTo(new ApiError(409, 'zuora_refused', 'Zuora refused the stop: it is Completed'))).toBe('refused');
  });

  it('says not asked when the console refused first, and failed when the call got no answer', () => {
    expect(zuoraAnswerTo(new ApiError(409, 'not_stoppable', 'This mass action is Completed'))).toBe('not-asked');
    expect(zuoraAnswerTo(new Error('socket hang up'))).toBe('failed');
  });
});
