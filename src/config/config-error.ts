/** A bad variable: the start stops with this message, which names the variable (never a secret). */
export class ConfigValidationError extends Error {}
