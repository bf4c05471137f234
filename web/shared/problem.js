// The error of a failed API call, shared by the web pages.

const PROBLEM_PREFIX = 'urn:fanrewards:problem:';

/** A failed call: the problem body (RFC 9457) when there was one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The last segment of the problem type, e.g. 'attempts-exhausted'. */
  get kind() {
    const type = this.problem?.type ?? '';
    return type.startsWith(PROBLEM_PREFIX) ? type.slice(PROBLEM_PREFIX.length) : null;
  }
}

/**
 * The message for a failed call: the page's own words for known problem types (t('problem.<kind>')), else the
 * problem's title with its field errors (when asked for) or its detail.
 */
export function problemText(error, t, { fieldErrors = false } = {}) {
  if (!(error instanceof ApiError)) return String(error?.message ?? error);
  if (error.status === 0) return t('error.network');
  const key = `problem.${error.kind}`;
  const mine = t(key);
  if (mine !== key) return mine;
  const problem = error.problem;
  const errors = fieldErrors ? Object.values(problem?.errors ?? {}).flat().join(' ') : '';
  if (problem?.title) return [problem.title, errors || problem.detail].filter(Boolean).join(' ');
  return t('error.generic', { status: error.status });
}
