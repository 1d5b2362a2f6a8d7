/**
 * The runner's one error type: an HTTP status, a stable code and a message for the learner.
 * app.ts serializes it in one place as `{ "error": { "code", "message" } }`.
 */
export class WorkshopError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500 | 502 | 503 | 504;
  readonly code: string;

  constructor(status: WorkshopError['status'], code: string, message: string) {
    super(message);
    this.name = 'WorkshopError';
    this.status = status;
    this.code = code;
  }
}
