import {
  Card,
  CardActionArea,
  CardContent,
  Typography,
} from '@material-ui/core';
import { ReactNode } from 'react';

/** A card that is one choice of a radio group, e.g. an environment. */
export function ChoiceCard(props: {
  title: string;
  selected: boolean;
  onSelect(): void;
  children?: ReactNode;
}) {
  const { title, selected, onSelect, children } = props;
  return (
    <Card
      variant="outlined"
      style={{
        borderColor: selected ? '#1976d2' : undefined,
        borderWidth: selected ? 2 : 1,
        height: '100%',
      }}
    >
      <CardActionArea
        role="radio"
        aria-checked={selected}
        aria-label={title}
        onClick={onSelect}
        style={{ height: '100%' }}
      >
        <CardContent>
          <Typography variant="h6" component="p" gutterBottom>
            {title}
          </Typography>
          {children}
        </CardContent>
      </CardActionArea>
    </Card>
  );
}
