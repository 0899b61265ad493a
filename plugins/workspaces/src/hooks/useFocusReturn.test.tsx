import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Button } from '@material-ui/core';
import { useState } from 'react';
import { useFocusReturn } from './useFocusReturn';

/** A button that moves to another parent (so mounts anew) when `moved`. */
function Moving(props: { moved: boolean; onReady: (f: () => void) => void }) {
  const { ref, returnFocus } = useFocusReturn<HTMLButtonElement>();
  props.onReady(returnFocus);
  // MUI's Button, as the view has: a focus during its mount would throw
  const button = <Button ref={ref}>Create workspace</Button>;
  return props.moved ? (
    <section>{button}</section>
  ) : (
    <div>
      {button}
      <input aria-label="elsewhere" />
    </div>
  );
}

function Harness() {
  const [moved, setMoved] = useState(false);
  let returnFocus = () => {};
  return (
    <>
      <Moving moved={moved} onReady={f => (returnFocus = f)} />
      <button
        onClick={() => {
          returnFocus();
          setMoved(true);
        }}
      >
        close dialog
      </button>
    </>
  );
}

describe('useFocusReturn', () => {
  it('focuses the control again when it was mounted anew after the dialog closed', async () => {
    render(<Harness />);
    const before = screen.getByRole('button', { name: 'Create workspace' });
    // the click that closes the dialog happens before returnFocus is asked
    fireEvent.click(screen.getByRole('button', { name: 'close dialog' }));
    const after = screen.getByRole('button', { name: 'Create workspace' });
    expect(after).not.toBe(before);
    await waitFor(() => expect(document.activeElement).toBe(after));
  });

  it('negative control: without returnFocus a control mounted anew does not get focus', () => {
    function NoReturn() {
      const [moved, setMoved] = useState(false);
      const { ref } = useFocusReturn<HTMLButtonElement>();
      const button = <button ref={ref}>Create workspace</button>;
      return (
        <>
          {moved ? <section>{button}</section> : <div>{button}</div>}
          <button onClick={() => setMoved(true)}>close dialog</button>
        </>
      );
    }
    render(<NoReturn />);
    fireEvent.click(screen.getByRole('button', { name: 'close dialog' }));
    expect(document.activeElement).not.toBe(
      screen.getByRole('button', { name: 'Create workspace' }),
    );
  });

  it('leaves focus where the user put it once they pressed a key', () => {
    function Later() {
      const [moved, setMoved] = useState(false);
      const { ref, returnFocus } = useFocusReturn<HTMLButtonElement>();
      const button = <button ref={ref}>Create workspace</button>;
      return (
        <>
          {moved ? <section>{button}</section> : <div>{button}</div>}
          <button onClick={() => returnFocus()}>close dialog</button>
          <button onClick={() => setMoved(true)}>list arrives</button>
        </>
      );
    }
    render(<Later />);
    fireEvent.click(screen.getByRole('button', { name: 'close dialog' }));
    fireEvent.keyDown(document.body, { key: 'Tab' });
    const arrives = screen.getByRole('button', { name: 'list arrives' });
    arrives.focus();
    fireEvent.click(arrives);
    expect(document.activeElement).toBe(arrives);
  });
});
