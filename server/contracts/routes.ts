import { Router } from 'express';
import { openApiDocument } from './openapi.ts';
import { asyncApiDocument } from './asyncapi.ts';

// The published contracts for TV makers: GET /openapi.json and GET /asyncapi.json. Built once:
// they depend only on the code and the public URL.

export function contractRoutes(publicUrl: string): Router {
  const openapi = openApiDocument(publicUrl);
  const asyncapi = asyncApiDocument(publicUrl);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(openapi);
  });
  router.get('/asyncapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(asyncapi);
  });
  return router;
}
