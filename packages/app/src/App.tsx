import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// Plugins in package.json (the workspaces plugin among them) are installed by
// `app.packages: all` in app-config.yaml; these are the app's own modules.
export default createApp({
  features: [catalogPlugin, navModule, signInModule],
});
