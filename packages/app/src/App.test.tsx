import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('starts on the demo sign-in page with the guest and the demo users', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByText('Sign in as a demo user', {}, { timeout: 15000 }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Alice \(ML team\)/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Bob \(Vision team\)/ }),
    ).toBeInTheDocument();
  });
});
