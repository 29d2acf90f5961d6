import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, httpStatusFor, type ErrorCode } from '../platform/http/app-error.ts';

interface FieldError {
  path: string;
  message: string;
}

function send(reply: FastifyReply, code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(httpStatusFor[code]).type('application/json; charset=utf-8').send({ error: { code, message, ...extra } });
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
};

/** The one place where error codes become HTTP statuses. */
export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    const { fields, retryAfterSeconds, ...rest } = (err.details ?? {}) as { fields?: FieldError[]; retryAfterSeconds?: number };
    if (retryAfterSeconds) reply.header('retry-after', String(retryAfterSeconds));
    return send(reply, err.code, err.message, { ...(fields ? { fields } : {}), ...(Object.keys(rest).length ? { details: rest } : {}) });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'body';
    const fields = err.validation.map((v) => ({
      path: [where === 'body' ? '' : where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean).join('.') || where,
      message: v.message ?? 'invalid',
    }));
    const first = fields[0];
    return send(reply, 'validation_failed', first ? `${first.path}: ${first.message}` : 'invalid request', { fields });
  }
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
    return send(reply, 'validation_failed', `${fields[0]?.path}: ${fields[0]?.message}`, { fields });
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
    return send(reply, 'internal', 'internal error');
  }
  const fe = err as FastifyError;
  if (fe.code && fastifyCodes[fe.code]) {
    const message = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.message.includes('JSON') ? `body is not valid JSON: ${fe.message}` : fe.message;
    return send(reply, fastifyCodes[fe.code]!, message);
  }
  if (fe.statusCode === 429) return send(reply, 'too_many_attempts', 'too many requests; slow down');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // e.g. prototype-poisoned JSON (Fastify refuses __proto__ and constructor.prototype).
    return send(reply, 'validation_failed', fe.message);
  }
  req.log.error({ err }, 'unhandled error');
  return send(reply, 'internal', 'internal error');
}
