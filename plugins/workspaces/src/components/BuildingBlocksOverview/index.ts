export { BuildingBlocksOverview } from './BuildingBlocksOverview';
