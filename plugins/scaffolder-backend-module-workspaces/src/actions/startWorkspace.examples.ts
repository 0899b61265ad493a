import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Start a workspace by its project and name and wait until it is Running',
    example: yaml.stringify({
      steps: [
        {
          id: 'start',
          name: 'Start workspace',
          action: 'workspaces:start',
          input: {
            project: 'system:default/fraud-detection',
            name: 'notebook',
            timeoutSeconds: 300,
          },
        },
      ],
    }),
  },
  {
    description:
      'Start the workspace an earlier step created, without waiting for it',
    example: yaml.stringify({
      steps: [
        {
          id: 'start',
          name: 'Start workspace',
          action: 'workspaces:start',
          input: {
            workspaceId: '${{ steps.workspace.output.id }}',
            waitUntilRunning: false,
          },
        },
      ],
    }),
  },
];
