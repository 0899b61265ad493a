export { ProjectSummaryStrip } from './ProjectSummaryStrip';
