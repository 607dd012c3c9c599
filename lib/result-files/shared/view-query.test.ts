import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_LENGTH } from './message-template';
import { parseResultViewQuery, resultViewQueryString, type ResultViewQuery } from './view-query';

const parse = (search: string) => parseResultViewQuery(new URLSearchParams(search));
const DEFAULTS: ResultViewQuery = { outcome: 'all', search: '', template: '', sort: 'row-asc', page: 1, pageSize: 50, row: null };

describe('the result view in the URL', () => {
  it('keeps an error group as its template, both ways', () => {
    const query: ResultViewQuery = { ...DEFAULTS, outcome: 'failed', template: 'Invoice Item {id} not found', page: 2 };
    const search = resultViewQueryString(query);
    expect(search).toBe('outcome=failed&template=Invoice+Item+%7Bid%7D+not+found&page=2');
    expect(parse(search)).toEqual(query);
  });

  it('opens a link made for one exact message (error=) on that message\'s group', () => {
    expect(parse('outcome=failed&error=Invoice+Item+8a8aa1b2000000000000000000000007+not+found')).toEqual({ ...DEFAULTS, outcome: 'failed', template: 'Invoice Item {id} not found' });
    expect(parse(`error=${encodeURIComponent('x'.repeat(5000))}`).template).toHaveLength(MAX_TEMPLATE_LENGTH);
    expect(parse('error=').template).toBe('');
    // A link with both was made by this console: its template wins.
    expect(parse('template=Charge+%7Bid%7D+not+found&error=Account+A00010005+not+found').template).toBe('Charge {id} not found');
  });

  it('opens on the defaults for a template too long to be one', () => {
    expect(parse(`outcome=failed&template=${'x'.repeat(MAX_TEMPLATE_LENGTH + 1)}`)).toEqual(DEFAULTS);
  });
});
