import { isUtf8 } from 'node:buffer';
import { parse as parseContentType } from 'content-type';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { raw } from 'express';
import { decode, encodingExists } from 'iconv-lite';
import { InvalidInputError } from '../errors/domain-errors';
import { sanitizeJson } from './json-sanitize';
import { errorText } from '../errors/error-text';

/**
 * Reads every request body as JSON whatever its Content-Type: TF6760's FB_IotHttpRequest sends
 * `text/html;charset=UTF-8` unless told otherwise, and the old server accepted that.
 * Bytes that are not valid UTF-8 where UTF-8 was claimed are read as Windows-1252, the encoding of
 * TwinCAT STRINGs (the PLC's default header claims UTF-8 all the same).
 */
export function jsonBodyParser(limit: string): RequestHandler[] {
  // body-parser's raw() enforces the limit (413) and inflates gzip/deflate bodies.
  const readRaw = raw({ type: () => true, limit });
  return [readRaw, decodeJson];
}

function decodeJson(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    // No body, or `Content-Length: 0` (what fetch and most clients send for a POST without one):
    // routes with a DTO body report it as empty, routes without one (actions such as a detector
    // reset) do not need one.
    req.body = undefined;
    return next();
  }
  let text: string;
  try {
    text = decodeText(body, req.headers['content-type']);
  } catch (err) {
    return next(err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return next(new InvalidInputError(`Request body is not valid JSON: ${errorText(err)}`));
  }
  try {
    req.body = sanitizeJson(parsed);
  } catch (err) {
    return next(err);
  }
  next();
}

function decodeText(body: Buffer, contentType: string | undefined): string {
  const charset = charsetOf(contentType);
  if (charset === 'utf-8' || charset === 'utf8') {
    if (isUtf8(body)) return stripBom(body.toString('utf8'));
    return decode(body, 'windows-1252');
  }
  if (!encodingExists(charset)) {
    throw new InvalidInputError(`Unsupported charset "${charset}" in Content-Type`);
  }
  return stripBom(decode(body, charset));
}

function charsetOf(contentType: string | undefined): string {
  if (!contentType) return 'utf-8';
  try {
    return (parseContentType(contentType).parameters.charset ?? 'utf-8').toLowerCase();
  } catch {
    // A malformed Content-Type is not a reason to refuse a sample: PLC stacks get it wrong.
    return 'utf-8';
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
