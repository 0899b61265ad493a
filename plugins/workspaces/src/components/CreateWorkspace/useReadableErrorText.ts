import { darken, lighten, makeStyles } from '@material-ui/core/styles';

/**
 * A class that makes the error text inside it readable: Material UI's
 * default error red (Backstage's themes keep it) is 3.7:1 on white, below
 * the 4.5:1 that text needs, so the problems at their fields are darkened in
 * a light theme and lightened in a dark one. (A class, not a nested theme: a
 * nested theme would rename the Mui classes inside.)
 */
export const useReadableErrorText = makeStyles(theme => ({
  root: {
    '& .MuiFormHelperText-root.Mui-error, & .MuiFormLabel-root.Mui-error, & .MuiTypography-colorError':
      {
        color:
          theme.palette.type === 'dark'
            ? lighten(theme.palette.error.main, 0.5)
            : darken(theme.palette.error.main, 0.2),
      },
  },
}));
