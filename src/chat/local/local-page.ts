/**
 * The single page of the local chat: a person picker and a phone-sized chat with buttons. Plain
 * HTML, CSS and a few lines of script; its fixed labels come from prompts/. The page carries the
 * server's per-start token and sends it with every API call (see local-channel.ts).
 */
import { translator, type Locale } from '../../i18n/messages.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A string literal for the inline script (a `</script>` in the text cannot end the script). */
function scriptString(text: string): string {
  return JSON.stringify(text).replace(/</g, '\\u003c');
}

/** The header that carries the page's token on every API call (lower case, as Node reports headers). */
export const LOCAL_TOKEN_HEADER = 'x-perfbot-token';

/** The page for a locale, carrying `token` for its API calls. */
export function localPage(locale: Locale = 'it', token = ''): string {
  const t = translator(locale);
  const label = (key: string) => escapeHtml(t(`local.${key}`));
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="perfbot-token" content="${escapeHtml(token)}">
<title>${label('title')}</title>
<style>
  :root { --bg:#f3f5f8; --bot:#ffffff; --me:#1f6feb; --ink:#1c2430; --muted:#667085; }
  * { box-sizing: border-box; }
  html, body { overflow-x: hidden; }
  body { margin:0; height: 100vh; display: flex; flex-direction: column; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--ink); }
  header { padding: 16px 20px; background: #0b3d6e; color: #fff; }
  header h1 { margin: 0; font-size: 18px; }
  header p { margin: 4px 0 0; opacity: .85; font-size: 13px; }
  /* on a phone the header leaves the chat most of the screen */
  @media (max-width: 480px) { header { padding: 10px 14px; } header h1 { font-size: 16px; } header p { font-size: 12px; line-height: 1.35; } }
  main { flex: 1; min-height: 0; width: 100%; max-width: 720px; margin: 0 auto; padding: 12px; display: flex; flex-direction: column; }
  .picker { display: flex; gap: 8px; margin-bottom: 10px; }
  .picker select { flex: 1 1 auto; min-width: 0; width: 100%; padding: 8px; border-radius: 8px; border: 1px solid #c9d1dc; font-size: 15px; text-overflow: ellipsis; }
  .picker button { flex: 0 0 auto; }
  button { cursor: pointer; border: 0; border-radius: 8px; padding: 8px 14px; font-size: 14px; background: #e7ecf3; color: var(--ink); }
  button.primary { background: var(--me); color: #fff; }
  #log { flex: 1; overflow-y: auto; padding: 8px 4px; }
  /* a bubble is as wide as its text (a "55%" stays small), up to 85% of the chat */
  .msg { width: fit-content; max-width: 85%; margin: 6px 0; padding: 9px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; box-shadow: 0 1px 1px rgba(0,0,0,.06); }
  .bot { background: var(--bot); border-top-left-radius: 4px; }
  .me { background: var(--me); color: #fff; margin-left: auto; border-top-right-radius: 4px; }
  .msg img { display: block; max-width: 100%; margin-top: 6px; border-radius: 6px; cursor: zoom-in; }
  .choices { display: flex; flex-wrap: wrap; gap: 6px; margin: 2px 0 10px; }
  /* a long label wraps inside its button rather than being cut mid-word */
  .choices button { max-width: 100%; text-align: left; white-space: normal; overflow-wrap: anywhere; }
  form { display: flex; gap: 8px; padding-top: 8px; }
  form input { flex: 1; min-width: 0; padding: 10px 12px; border-radius: 20px; border: 1px solid #c9d1dc; font-size: 15px; }
</style>
</head>
<body>
<header><h1>${label('title')}</h1><p>${label('subtitle')}</p></header>
<main>
  <div class="picker"><select id="person" aria-label="${label('pick')}"><option value="">${label('pick')}</option></select>
  <button id="start" class="primary">${label('start')}</button></div>
  <div id="log" aria-live="polite"></div>
  <form id="form"><input id="text" autocomplete="off" placeholder="${label('placeholder')}"><button class="primary">${label('send')}</button></form>
</main>
<script>
const log = document.getElementById('log'), select = document.getElementById('person');
const auth = { '${LOCAL_TOKEN_HEADER}': document.querySelector('meta[name="perfbot-token"]').content };
function esc(s) { return s.replace(/[&<>]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;'})[c]); }
// literal characters (what a person typed, i18n/markup.ts) are shown as typed, never as formatting
function typed(s) { return s.replace(/[\\uE02A\\uE05F\\uE060\\uE07E]/g, c => String.fromCharCode(c.charCodeAt(0) - 0xE000)); }
function bubble(text, who) {
  const div = document.createElement('div'); div.className = 'msg ' + who;
  // only the bot's text is light markup; what the person typed is shown as typed
  div.innerHTML = who === 'bot' ? typed(esc(text).replace(/\\*([^*\\n]+)\\*/g, '<b>$1</b>')) : esc(text);
  log.appendChild(div); log.scrollTop = log.scrollHeight;
  return div;
}
function show(messages) {
  for (const m of messages) {
    const div = bubble(m.text, 'bot');
    if (m.image) {
      // a picture (a digest chart): shown in the bubble, opened full size on click
      const img = document.createElement('img'); img.src = m.image; img.alt = m.text || m.filename;
      img.onclick = () => { const w = window.open(); if (w) w.document.body.innerHTML = '<img src="' + m.image + '">'; };
      div.appendChild(img); log.scrollTop = log.scrollHeight;
    }
    if (m.choices) {
      const box = document.createElement('div'); box.className = 'choices';
      for (const row of m.choices) for (const c of row) {
        const b = document.createElement('button'); b.textContent = typed(c.label); if (c.style === 'primary') b.className = 'primary';
        b.onclick = () => { bubble(typed(c.label), 'me'); post({ kind: 'choice', text: c.value }); };
        box.appendChild(b);
      }
      log.appendChild(box); log.scrollTop = log.scrollHeight;
    }
  }
}
// with no person chosen nothing can be sent: say what to do instead of staying silent
function pickFirst() { bubble(${scriptString(t('local.pickFirst'))}, 'bot'); select.focus(); }
async function post(event) {
  if (!select.value) return pickFirst();
  try {
    const res = await fetch('/api/event', { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ person: select.value, ...event }) });
    if (!res.ok) throw new Error(String(res.status));
    show(await res.json());
  } catch {
    // the bot failed or is not running: say so rather than leave the question unanswered
    bubble(${scriptString(t('chat.error'))}, 'bot');
  }
}
fetch('/api/people', { headers: auth }).then(r => r.json()).then(people => {
  for (const p of people) { const o = document.createElement('option'); o.value = p.id; o.textContent = p.name + ' — ' + p.ente + (p.roles.length ? ' (' + p.roles.join(', ') + ')' : ''); select.appendChild(o); }
  // ?person=ente/code opens that person's chat directly (links from docs, demos)
  const wanted = new URLSearchParams(location.search).get('person');
  if (wanted && people.some(p => p.id === wanted)) { select.value = wanted; post({ kind: 'command', command: 'stato', text: '' }); }
});
select.onchange = () => { log.innerHTML = ''; };
document.getElementById('start').onclick = () => post({ kind: 'command', command: 'rispondi', text: '' });
document.getElementById('form').onsubmit = (e) => { e.preventDefault(); const input = document.getElementById('text'); const text = input.value.trim(); if (!text) return; bubble(text, 'me'); input.value = ''; post({ kind: 'text', text }); };
setInterval(async () => { if (!select.value) return; const r = await fetch('/api/outbox?person=' + encodeURIComponent(select.value), { headers: auth }); const m = await r.json(); if (m.length) show(m); }, 5000);
</script>
</body>
</html>`;
}
