/** Which key presses are console shortcuts, and which are left alone. */
import { afterEach, describe, expect, it } from 'vitest';
import { shortcutOf } from './stageCommands';

function press(init: KeyboardEventInit, target: HTMLElement = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { bubbles: true, ...init });
  Object.defineProperty(event, 'target', { value: target });
  return event;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('shortcutOf', () => {
  it('maps the console keys', () => {
    expect(shortcutOf(press({ key: ' ', code: 'Space' }))).toBe('primary');
    expect(shortcutOf(press({ key: 'n', code: 'KeyN' }))).toBe('next');
    expect(shortcutOf(press({ key: 'q', code: 'KeyQ' }))).toBe('toQa');
    expect(shortcutOf(press({ key: 's', code: 'KeyS' }))).toBe('toScoring');
    expect(shortcutOf(press({ key: '+', code: 'Equal', shiftKey: true }))).toBe('plusMinute');
    expect(shortcutOf(press({ key: '-', code: 'Minus' }))).toBe('minusMinute');
    expect(shortcutOf(press({ key: '+', code: 'NumpadAdd' }))).toBe('plusMinute');
    expect(shortcutOf(press({ key: 'x', code: 'KeyX' }))).toBeNull();
  });

  it('is ignored while typing, with modifiers, on key repeat, and under an open dialog', () => {
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    document.body.append(input, textarea);
    expect(shortcutOf(press({ key: 'n', code: 'KeyN' }, input))).toBeNull();
    expect(shortcutOf(press({ key: ' ', code: 'Space' }, textarea))).toBeNull();
    expect(shortcutOf(press({ key: 's', code: 'KeyS', ctrlKey: true }))).toBeNull();
    expect(shortcutOf(press({ key: 'n', code: 'KeyN', metaKey: true }))).toBeNull();
    expect(shortcutOf(press({ key: ' ', code: 'Space', repeat: true }))).toBeNull();
    const dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    document.body.append(dialog);
    expect(shortcutOf(press({ key: ' ', code: 'Space' }))).toBeNull();
  });

  it('takes Space on a focused button (the button itself is pressed with Enter)', () => {
    const button = document.createElement('button');
    document.body.append(button);
    expect(shortcutOf(press({ key: ' ', code: 'Space' }, button))).toBe('primary');
  });
});
