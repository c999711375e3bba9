/**
 * What the MES flow saw, step by step. Kept apart from mes-flow.ts so the test can name these
 * types without importing the generated client before it exists.
 */
export interface FlowStep {
  step: string;
  status: number;
  /** The part of the answer the step is about (an order's status, a sensor value, ...). */
  detail?: unknown;
}

export interface FlowOptions {
  orderNo: string;
  lineName: string;
  machineName: string;
  /** Sent as X-API-Key when given (a service with keys configured needs one with mes + ingest). */
  apiKey?: string;
}

export type RunMesFlow = (baseUrl: string, options: FlowOptions) => Promise<FlowStep[]>;
