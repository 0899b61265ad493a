import { ToolType } from './ToolType';

/** code-server, TensorBoard and plain HTTP tools: at `/`, with relative links. */
export const atRoot: ToolType = { servesUnderExternalPath: false };
