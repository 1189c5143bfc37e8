/**
 * Characters that can open markup inside a line of CommonMark/GFM: links and images (`[`, `]`, `(`, `)`,
 * `!`), raw HTML and autolinks (`<`, `>`), code (`` ` ``), emphasis (`*`, `_`, `~`), tables (`|`),
 * entities (`&`) and the escape itself (`\`). A backslash before any of them makes it a literal.
 */
const MARKUP = /[\\`*_[\]()<>!|~&]/g;
// Line breaks (which could start a heading, list or quote) and other control characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/**
 * Free text (a customer's reason, a reviewer's name or note) made safe to embed in a line of markdown that
 * the Temporal UI renders for staff: one line, every markup character escaped, so it shows as typed and
 * can never become a link, an image or HTML. Pure, so workflow code may use it.
 */
export function markdownText(text: string): string {
  return text.replace(CONTROL, ' ').replace(MARKUP, (char) => `\\${char}`);
}
