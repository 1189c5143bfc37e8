/** Escapes text for HTML, so that nothing a caller sends is ever markup. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const page = (title: string, body: string): string =>
  `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
textarea{width:100%;font:13px monospace}button{font-size:1rem;padding:.4rem 1rem}code{background:#eee}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

/** The form where support staff paste their credential. */
export function loginPage(message?: string): string {
  return page(
    'Codec server: support login',
    `${message ? `<p role="alert"><strong>${escapeHtml(message)}</strong></p>` : ''}
<p>Paste a <strong>support</strong> (or admin) credential. The Temporal UI then shows this shop's payloads
decoded; nobody without one sees them.</p>
<form method="post" action="login">
<label for="credential">Credential</label><br>
<textarea id="credential" name="credential" rows="6" required></textarea><br>
<button type="submit">Log in</button>
</form>`,
  );
}

/** Shown after a successful login, with the one-time setting the Temporal UI needs to send the cookie. */
export function loggedInPage(who: { role: string; subject: string }, codecEndpoint: string, uiUrl?: string) {
  return page(
    'Codec server: logged in',
    `<p id="logged-in">Logged in as ${escapeHtml(who.subject)} (${escapeHtml(who.role)}).</p>
<p>Once per browser, in the Temporal UI's <em>Codec Server</em> settings: endpoint
<code>${escapeHtml(codecEndpoint)}</code>, tick <em>Include cross-origin credentials</em> and
<em>Use my browser setting and ignore Cluster-level setting</em>.</p>
${uiUrl ? `<p><a href="${escapeHtml(uiUrl)}">Open the Temporal UI</a></p>` : ''}
<form method="post" action="logout"><button type="submit">Log out</button></form>`,
  );
}
