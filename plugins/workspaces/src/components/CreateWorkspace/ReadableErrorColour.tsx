import {
  darken,
  lighten,
  Theme,
  ThemeProvider,
} from '@material-ui/core/styles';
import { ReactNode } from 'react';

/**
 * The theme with its error colour made readable as text: Material UI's
 * default error red (Backstage's themes keep it) is 3.7:1 on white, below
 * the 4.5:1 that text needs, so the stepper's problems at their fields are
 * darkened in a light theme and lightened in a dark one.
 */
export function ReadableErrorColour(props: { children: ReactNode }) {
  return (
    <ThemeProvider
      theme={(outer: Theme) => ({
        ...outer,
        palette: {
          ...outer.palette,
          error: {
            ...outer.palette.error,
            main:
              outer.palette.type === 'dark'
                ? lighten(outer.palette.error.main, 0.5)
                : darken(outer.palette.error.main, 0.2),
          },
        },
      })}
    >
      {props.children}
    </ThemeProvider>
  );
}
