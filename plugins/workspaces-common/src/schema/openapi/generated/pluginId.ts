export const pluginId = 'workspaces';
