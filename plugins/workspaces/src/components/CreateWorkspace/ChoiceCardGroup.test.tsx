import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { ChoiceCard } from './ChoiceCard';
import { ChoiceCardGroup } from './ChoiceCardGroup';

const choices = ['Small', 'Medium', 'Large'];

function Group(props: { initial?: string }) {
  const [chosen, setChosen] = useState(props.initial);
  return (
    <ChoiceCardGroup label="Size">
      {choices.map((title, index) => (
        <ChoiceCard
          key={title}
          title={title}
          selected={title === chosen}
          tabbable={chosen ? title === chosen : index === 0}
          onSelect={() => setChosen(title)}
        />
      ))}
    </ChoiceCardGroup>
  );
}

const card = (name: string) => screen.getByRole('radio', { name });
const tabStops = () =>
  choices.filter(name => card(name).getAttribute('tabindex') === '0');

describe('ChoiceCardGroup', () => {
  it('is one tab stop: the chosen card, or the first while none is chosen', () => {
    const { unmount } = render(<Group />);
    expect(screen.getByRole('radiogroup', { name: 'Size' })).toBeVisible();
    expect(tabStops()).toEqual(['Small']);
    unmount();
    render(<Group initial="Medium" />);
    expect(tabStops()).toEqual(['Medium']);
  });

  it('moves focus and the choice with the arrow keys, wrapping at the ends', () => {
    render(<Group initial="Medium" />);
    card('Medium').focus();
    fireEvent.keyDown(card('Medium'), { key: 'ArrowRight' });
    expect(card('Large')).toHaveFocus();
    expect(card('Large')).toHaveAttribute('aria-checked', 'true');
    expect(tabStops()).toEqual(['Large']);
    fireEvent.keyDown(card('Large'), { key: 'ArrowDown' });
    expect(card('Small')).toHaveFocus();
    expect(card('Small')).toHaveAttribute('aria-checked', 'true');
    fireEvent.keyDown(card('Small'), { key: 'ArrowLeft' });
    expect(card('Large')).toHaveFocus();
    fireEvent.keyDown(card('Large'), { key: 'ArrowUp' });
    expect(card('Medium')).toHaveFocus();
    expect(card('Medium')).toHaveAttribute('aria-checked', 'true');
    expect(card('Large')).toHaveAttribute('aria-checked', 'false');
  });

  it('leaves other keys alone', () => {
    render(<Group initial="Medium" />);
    card('Medium').focus();
    fireEvent.keyDown(card('Medium'), { key: 'a' });
    expect(card('Medium')).toHaveFocus();
    expect(card('Medium')).toHaveAttribute('aria-checked', 'true');
  });
});
