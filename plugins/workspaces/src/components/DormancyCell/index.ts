export { DormancyCell } from './DormancyCell';
