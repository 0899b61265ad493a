export { NoClusterWarning } from './NoClusterWarning';
