import { workspacesMessages } from './messages';
import de from './de';

type Nested = { [key: string]: Nested | string };

function flatten(messages: Nested, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(messages).flatMap(([key, value]) =>
      typeof value === 'string'
        ? [[`${prefix}${key}`, value]]
        : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)/g)].map(match => match[1]).sort();

/**
 * What a translation lacks against the English texts: keys it has no text
 * for, keys English does not know, and texts whose `{{values}}` differ.
 */
function problemsOf(
  english: Record<string, string>,
  translation: Record<string, string | null>,
): string[] {
  const problems: string[] = [];
  for (const [key, text] of Object.entries(english)) {
    const translated = translation[key];
    if (typeof translated !== 'string') {
      problems.push(`missing: ${key}`);
    } else if (placeholders(translated).join() !== placeholders(text).join()) {
      problems.push(
        `values differ: ${key} has {{${placeholders(
          translated,
        )}}}, English {{${placeholders(text)}}}`,
      );
    }
  }
  for (const key of Object.keys(translation)) {
    if (!(key in english)) problems.push(`unknown: ${key}`);
  }
  return problems;
}

const english = flatten(workspacesMessages);

describe('the German translation', () => {
  it('has a text for every English key, with the same values to fill in', () => {
    expect(Object.keys(english).length).toBeGreaterThan(300);
    expect(problemsOf(english, de)).toEqual([]);
  });

  it('is reported incomplete when a key is missing (control)', () => {
    const broken: Record<string, string> = { ...de };
    delete broken['grid.columns.status'];
    expect(problemsOf(english, broken)).toEqual([
      'missing: grid.columns.status',
    ]);
  });

  it('is reported wrong when a text drops a value to fill in (control)', () => {
    const broken = { ...de, 'actions.open': 'Öffnen' };
    expect(problemsOf(english, broken)).toEqual([
      'values differ: actions.open has {{}}, English {{tool}}',
    ]);
  });

  it('is reported stale when it has a key English no longer has (control)', () => {
    const broken = { ...de, 'grid.columns.colour': 'Farbe' };
    expect(problemsOf(english, broken)).toEqual([
      'unknown: grid.columns.colour',
    ]);
  });
});
