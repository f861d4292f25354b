export {
  buildOpenApiDocument,
  openApiDocument,
  openApiPath,
  SESSION_SCHEME,
  type OpenApiDocument,
} from './document';
export { referencePage, type ReferenceDocument } from './reference-page';
export { docsRouter } from './docs-router';
