/** The message of an Error, or the thrown value as text: for logs and error details. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
