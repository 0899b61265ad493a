export { ProjectSummaryStrip } from './ProjectSummaryStrip';
export { Figure } from './ProjectSummaryStrip';
