export { DormancyBanner } from './DormancyBanner';
