import { busConfigShape, serviceConfigShape } from '@ticketing/common';
import { z } from 'zod';

/** What the expiration service reads: no database but Redis, no JWT (it serves only health endpoints). */
export const configShape = {
  PORT: serviceConfigShape('expiration').PORT,
  REDIS_URL: z
    .string({ error: 'REDIS_URL is required' })
    .regex(/^rediss?:\/\/[^/\s]+/, 'REDIS_URL must be a redis:// URL'),
  ...busConfigShape('expiration'),
};

export type Config = z.infer<z.ZodObject<typeof configShape>>;
