import { explainBadBulkKey } from '../zuora/shared/bulk-key';

// Browser-safe and dependency-free: proxy.ts, bundled on its own, answers a job page that names no
// mass action with 400 (a page cannot set its own status); the page itself says why.

const JOB_PAGE = /^\/mass-actions\/([^/]+)\/?$/;
/** Pages beside the job pages, under /mass-actions/, that are not bulk keys. */
const OTHER_PAGES = new Set(['new']);

/** Why the job page at `pathname` names no mass action; null when it names one, or is not a job page. */
export function explainBadJobPath(pathname: string): string | null {
  const segment = JOB_PAGE.exec(pathname)?.[1];
  if (segment === undefined || OTHER_PAGES.has(segment)) return null;
  let bulkKey: string;
  try {
    bulkKey = decodeURIComponent(segment);
  } catch {
    // Malformed percent-encoding: the front door answers 400 before Next.js sees it.
    return null;
  }
  return explainBadBulkKey(bulkKey);
}
