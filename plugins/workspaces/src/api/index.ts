export * from './WorkspacesApi';
export * from './WorkspacesClient';
