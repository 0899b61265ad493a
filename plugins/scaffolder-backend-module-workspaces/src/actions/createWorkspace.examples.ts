import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create a JupyterLab workspace with the small CPU preset, start it and wait until it is Running',
    example: yaml.stringify({
      steps: [
        {
          id: 'workspace',
          name: 'Create workspace',
          action: 'workspaces:create',
          input: {
            project: 'system:default/fraud-detection',
            name: 'notebook',
            environment: 'jupyterlab',
            computePreset: 'cpu-small',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Open workspace',
            url: '${{ steps.workspace.output.url }}',
          },
        ],
      },
    }),
  },
  {
    description:
      'Create a GPU workspace with a larger home volume, environment variables and a secret, from the form of the template',
    example: yaml.stringify({
      steps: [
        {
          id: 'workspace',
          name: 'Create workspace',
          action: 'workspaces:create',
          input: {
            project: '${{ parameters.project }}',
            name: '${{ parameters.name }}',
            environment: '${{ parameters.environment }}',
            computePreset: 'gpu-1',
            computeOverrides: { gpu: 2, memory: '32Gi' },
            dataSources: ['examples', { id: 'home', size: '50Gi' }],
            env: [
              { name: 'MLFLOW_TRACKING_URI', value: 'http://mlflow:5000' },
              {
                name: 'HF_TOKEN',
                value: '${{ secrets.hfToken }}',
                secret: true,
              },
            ],
            timeoutSeconds: 900,
          },
        },
      ],
    }),
  },
  {
    description:
      'Create a workspace without starting it (it is Stopped until someone starts it)',
    example: yaml.stringify({
      steps: [
        {
          id: 'workspace',
          name: 'Create workspace',
          action: 'workspaces:create',
          input: {
            project: 'system:default/image-classifier',
            name: 'training',
            environment: 'jupyterlab',
            computePreset: 'cpu-small',
            start: false,
          },
        },
      ],
    }),
  },
  {
    description:
      'Create and start a workspace without waiting for it to be Running',
    example: yaml.stringify({
      steps: [
        {
          id: 'workspace',
          name: 'Create workspace',
          action: 'workspaces:create',
          input: {
            project: 'system:default/llm-playground',
            name: 'chat-eval',
            environment: 'jupyterlab',
            computePreset: 'cpu-small',
            waitUntilRunning: false,
          },
        },
      ],
    }),
  },
];
