/**
 * The HTTP contract of the public API: the zod schema of every route's request and answer and the route table.
 * Only zod and validator.js are imported here, so the client can take its types from this module alone
 * (`@ticketing/common/api`).
 */
export * from './errors';
export * from './pagination';
export * from './users';
export * from './tickets';
export * from './orders';
export * from './payments';
export * from './routes';
export { OBJECT_ID, textLength } from './fields';
