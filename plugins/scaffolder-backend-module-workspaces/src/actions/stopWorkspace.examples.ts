import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Stop a workspace by its project and name, releasing its compute but keeping its volumes',
    example: yaml.stringify({
      steps: [
        {
          id: 'stop',
          name: 'Stop workspace',
          action: 'workspaces:stop',
          input: {
            project: 'system:default/fraud-detection',
            name: 'notebook',
          },
        },
      ],
    }),
  },
  {
    description: 'Stop the workspace an earlier step created',
    example: yaml.stringify({
      steps: [
        {
          id: 'stop',
          name: 'Stop workspace',
          action: 'workspaces:stop',
          input: { workspaceId: '${{ steps.workspace.output.id }}' },
        },
      ],
    }),
  },
];
