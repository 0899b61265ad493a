import { useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import { IdentityApi, SignInPageProps } from '@backstage/core-plugin-api';
import { Button, Grid, Typography } from '@material-ui/core';
import { demoUsers } from './demoUsers';

// Remembers the chosen demo user across reloads, until sign-out.
const storageKey = 'workspaces-demo:user';

function forgetOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      localStorage.removeItem(storageKey);
      await identity.signOut();
    },
  };
}

/**
 * The demo's sign-in page: sign in as the guest, or as a demo user of a given
 * group through the demo auth provider, to see what each group may do.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const [demoUser, setDemoUser] = useState(
    () => localStorage.getItem(storageKey) ?? undefined,
  );

  if (demoUser) {
    return (
      <ProxiedSignInPage
        provider="demo"
        headers={{ 'x-demo-user': demoUser }}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetOnSignOut(identity))
        }
        ErrorComponent={({ error }) => {
          localStorage.removeItem(storageKey);
          return (
            <SignInErrorRetry
              error={error}
              onRetry={() => setDemoUser(undefined)}
            />
          );
        }}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header title="Workspaces for Backstage" subtitle="Demo sign-in" />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <SignInPage
              {...props}
              providers={['guest']}
              title="Sign in"
              align="left"
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="Sign in as a demo user">
              <Typography paragraph>
                Each user belongs to one group, and sees the projects and
                workspaces of that group.
              </Typography>
              {demoUsers.map(user => (
                <Button
                  key={user.name}
                  variant="outlined"
                  color="primary"
                  style={{ margin: 4 }}
                  onClick={() => {
                    localStorage.setItem(storageKey, user.name);
                    setDemoUser(user.name);
                  }}
                >
                  {user.title} ({user.group})
                </Button>
              ))}
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}

function SignInErrorRetry(props: { error?: Error; onRetry: () => void }) {
  return (
    <Page themeId="home">
      <Header title="Workspaces for Backstage" subtitle="Demo sign-in" />
      <Content>
        <InfoCard title="Sign-in failed">
          <Typography paragraph>{props.error?.message}</Typography>
          <Button variant="contained" color="primary" onClick={props.onRetry}>
            Choose another user
          </Button>
        </InfoCard>
      </Content>
    </Page>
  );
}
