import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'List the building blocks a project may use, e.g. to log them before creating a workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'blocks',
          name: 'Building blocks',
          action: 'workspaces:building-blocks:get',
          input: { project: '${{ parameters.project }}' },
        },
      ],
    }),
  },
];
