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
