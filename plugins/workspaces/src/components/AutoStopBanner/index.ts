export { AutoStopBanner, AutoStopIndicator } from './AutoStopBanner';
