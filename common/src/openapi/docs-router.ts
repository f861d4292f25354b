import { Router } from 'express';
import { apiRoutes } from '../api/routes';
import { openApiDocument } from './document';
import { referencePage, type ReferenceDocument } from './reference-page';

/** The page allows its own inline style and nothing else: no script, no frame, no outside resource. */
const PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * GET /api/docs/openapi.json (the OpenAPI document) and GET /api/docs (a reference page made from it). Built
 * on first request, then served from memory: the document only changes with the code.
 */
export function docsRouter(): Router {
  const router = Router();
  let json: string | undefined;
  let page: string | undefined;
  router.get(apiRoutes.openApiDocument.path, (_req, res) => {
    json ??= JSON.stringify(openApiDocument());
    res.type('application/json').send(json);
  });
  router.get(apiRoutes.docsPage.path, (_req, res) => {
    // The document is JSON: the page reads it as such.
    page ??= referencePage(
      JSON.parse(JSON.stringify(openApiDocument())) as ReferenceDocument,
      apiRoutes.openApiDocument.path,
    );
    res.setHeader('Content-Security-Policy', PAGE_POLICY);
    res.type('text/html').send(page);
  });
  return router;
}
