import fc from 'fast-check';
import { markdownText } from '../../src/domain/markdown-text';

const MARKUP = '\\`*_[]()<>!|~&';
/** Reads escaped text back as a CommonMark renderer does: a backslash before punctuation is dropped. */
const unescape = (text: string) => text.replace(/\\([\\`*_[\]()<>!|~&])/g, '$1');
/** Markup characters not made literal by a preceding backslash. */
const unescapedMarkup = (text: string) =>
  text.replace(/\\[\\`*_[\]()<>!|~&]/g, '').match(/[\\`*_[\]()<>!|~&]/g);

describe('markdown text for the Temporal UI', () => {
  test.each([
    ['[x](javascript:alert(1))', '\\[x\\]\\(javascript:alert\\(1\\)\\)'],
    ['![pic](https://evil.example/p.png)', '\\!\\[pic\\]\\(https://evil.example/p.png\\)'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert\\(1\\)\\>'],
    ['<https://evil.example>', '\\<https://evil.example\\>'],
    ['`code` and ```fence```', '\\`code\\` and \\`\\`\\`fence\\`\\`\\`'],
    ['**bold** _it_ ~~gone~~', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~'],
    ['&lt;script&gt;', '\\&lt;script\\&gt;'],
    ['a \\[b]', 'a \\\\\\[b\\]'],
    ['| a | b |', '\\| a \\| b \\|'],
  ])('when free text is %j, then every markup character in it is escaped', (input, expected) => {
    expect(markdownText(input)).toBe(expected);
  });

  test('when free text has line breaks, then it stays on one line, so it cannot start a heading, list or quote', () => {
    expect(markdownText('fine\n# Heading\r\n- item\n> quote\u2028x')).toBe(
      'fine # Heading - item \\> quote x',
    );
  });

  test('when free text is plain words, ids or amounts, then it is unchanged', () => {
    expect(markdownText('changed my mind: order 3f2a-19, refund $12.50 please')).toBe(
      'changed my mind: order 3f2a-19, refund $12.50 please',
    );
  });

  test('when any text is escaped, then no markup character is left bare and the reader sees the text as typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...`${MARKUP}ab \n\t:/1`) }), (text) => {
        const escaped = markdownText(text);
        expect(unescapedMarkup(escaped)).toBeNull();
        expect(escaped).not.toMatch(/[\n\r\t]/);
        expect(unescape(escaped)).toBe(text.replace(/[\n\t]+/g, ' '));
      }),
    );
  });
});
