import { Grid } from '@material-ui/core';
import { KeyboardEvent, ReactNode } from 'react';

const STEPS: Record<string, number> = {
  ArrowRight: 1,
  ArrowDown: 1,
  ArrowLeft: -1,
  ArrowUp: -1,
};

/**
 * A radio group of ChoiceCards, as the WAI-ARIA radio group pattern has it:
 * one tab stop (the chosen card), the arrow keys move to the next or
 * previous card and choose it.
 */
export function ChoiceCardGroup(props: { label: string; children: ReactNode }) {
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const step = STEPS[event.key];
    if (!step) return;
    const radios = Array.from(
      event.currentTarget.querySelectorAll<HTMLElement>('[role="radio"]'),
    );
    const at = radios.findIndex(radio => radio === document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    const next = radios[(at + step + radios.length) % radios.length];
    next.focus();
    next.click();
  };
  return (
    <Grid
      container
      spacing={2}
      role="radiogroup"
      aria-label={props.label}
      onKeyDown={onKeyDown}
    >
      {props.children}
    </Grid>
  );
}
