export { DiagnosticsProblem } from './DiagnosticsProblem';
