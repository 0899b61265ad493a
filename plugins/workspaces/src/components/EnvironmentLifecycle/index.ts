export { EnvironmentLifecycleBanner } from './EnvironmentLifecycleBanner';
export { environmentLifecycleOf } from './environmentLifecycleOf';
