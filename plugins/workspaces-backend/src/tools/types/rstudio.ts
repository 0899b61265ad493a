import { ToolType } from './ToolType';

/** RStudio Server: serves at `/`, told the browser's path by a header. */
export const rstudio: ToolType = {
  servesUnderExternalPath: false,
  proxyHeaders: externalPath => ({
    'X-RStudio-Root-Path': externalPath.replace(/\/$/, ''),
  }),
};
