/**
 * Thrown by a job whose run committed its work but had to leave part of it undone (a rollup
 * minute the data made impossible to build). The worker records it as a failure with its detail
 * and does not retry: a retry would meet the same data.
 */
export class IncompleteRun extends Error {
  constructor(
    message: string,
    readonly detail: unknown,
  ) {
    super(message);
    this.name = "IncompleteRun";
  }
}
