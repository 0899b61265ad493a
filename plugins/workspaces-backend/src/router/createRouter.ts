import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { BuildingBlockCatalog } from '../service/BuildingBlockCatalog';
import { ProjectResolver } from '../service/ProjectResolver';
import { readProjectQuery } from './readQuery';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  buildingBlocks: BuildingBlockCatalog;
  projects: ProjectResolver;
}

/** The HTTP layer: authentication, validation, and mapping to the services. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, buildingBlocks, projects } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/building-blocks', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const projectRef = readProjectQuery(req.query);
    if (projectRef === undefined) {
      res.json(buildingBlocks.forProject());
      return;
    }
    const project = await projects.resolve(projectRef, credentials);
    res.json(buildingBlocks.forProject(project.entityRef));
  });

  return router;
}
