import {
  Card,
  CardActionArea,
  CardContent,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  card: { height: '100%', borderWidth: 1 },
  // the theme's primary colour, which Backstage's dark theme lightens
  selected: { borderColor: theme.palette.primary.main, borderWidth: 2 },
  area: { height: '100%' },
  title: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  check: { color: theme.palette.primary.main },
}));

/**
 * A card that is one choice of a radio group (ChoiceCardGroup), e.g. an
 * environment. The chosen one is told by a check mark as well as its
 * border, not by colour alone.
 */
export function ChoiceCard(props: {
  title: string;
  selected: boolean;
  /** The group's tab stop: the chosen card, or the first if none is chosen. */
  tabbable: boolean;
  onSelect(): void;
  children?: ReactNode;
}) {
  const { title, selected, tabbable, onSelect, children } = props;
  const classes = useStyles();
  return (
    <Card
      variant="outlined"
      className={`${classes.card} ${selected ? classes.selected : ''}`}
    >
      <CardActionArea
        role="radio"
        aria-checked={selected}
        aria-label={title}
        tabIndex={tabbable ? 0 : -1}
        onClick={onSelect}
        className={classes.area}
      >
        <CardContent>
          <Typography
            variant="h6"
            component="p"
            gutterBottom
            className={classes.title}
          >
            {title}
            {selected && (
              <CheckCircleIcon
                fontSize="small"
                className={classes.check}
                aria-hidden
              />
            )}
          </Typography>
          {children}
        </CardContent>
      </CardActionArea>
    </Card>
  );
}
