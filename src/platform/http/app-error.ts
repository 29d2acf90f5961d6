/**
 * Errors are values with stable codes. Domain code returns or throws AppError; the HTTP layer maps
 * the code to a status in exactly one place (server/error-handler.ts).
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'totp_required'
  | 'totp_invalid'
  | 'totp_enrolment_required'
  | 'too_many_attempts'
  | 'csrf_failed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'duplicate_application'
  | 'already_decided'
  | 'invalid_transition'
  | 'token_invalid'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const httpStatusFor: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  totp_required: 401,
  totp_invalid: 401,
  totp_enrolment_required: 403,
  too_many_attempts: 429,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  duplicate_application: 409,
  already_decided: 409,
  invalid_transition: 409,
  token_invalid: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
};

export const notFound = (what = 'resource') => new AppError('not_found', `${what} not found`);
