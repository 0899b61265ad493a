import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** The workspaces collator (`@backstage-workspaces/plugin-search-backend-module-workspaces`). */
      workspaces?: {
        /**
         * When workspaces are indexed again. Default: every 10 minutes, 15
         * minutes at most each, 3 seconds after the start.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * The link of a result, with `:id` for the workspace's id. Default:
         * `/workspaces/:id`, the details page of the frontend plugin.
         */
        locationTemplate?: string;
      };
    };
  };
}
