import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';

// no pause between a user's events, and no check of each element's CSS
// pointer-events (a getComputedStyle up the tree per event): the tests must
// not wait on a busy machine's timers, nor spend it on styles
export const user = userEvent.setup({
  delay: null,
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

/** The grid row that shows `name`. */
export function rowOf(name: string) {
  return screen.getByText(name).closest('tr')!;
}

/** The names in the grid's rows, top to bottom. */
export function namesInGrid(names: string[]) {
  return [...document.querySelectorAll('tbody tr')]
    .map(row =>
      names.find(name => within(row as HTMLElement).queryByText(name)),
    )
    .filter(Boolean);
}

/** The open menu of a select (a role query would scan the whole grid). */
const listbox = () => document.querySelector<HTMLElement>('[role="listbox"]');

/** Picks an option of a filter's select, and waits until its menu has closed. */
export async function choose(label: string, option: string) {
  // the menu opens on the mouse down, at once
  fireEvent.mouseDown(screen.getByLabelText(label));
  await user.click(within(listbox()!).getByText(option));
  await waitFor(() => expect(listbox()).toBeNull());
}
