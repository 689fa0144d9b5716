/**
 * The page frame: language, navigation by role, the language switch and the sign-out form. Plain
 * HTML and a little CSS, no script: it works with a keyboard, a screen reader and a phone.
 */
import type { Translate, Locale } from '../i18n/messages.js';
import { html, Markup } from './html.js';
import type { Viewer } from './viewer.js';

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.45}
header{background:#0b3d6e;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a,header button{color:#fff}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.75rem;margin:0;padding:0}
main{padding:1rem;max-width:70rem}
table{border-collapse:collapse;margin:.5rem 0;display:block;overflow-x:auto}
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left}
.error{color:#a40000}
.ok{color:#05612a}
button,input,select{font:inherit;padding:.3rem .6rem}
header form{display:inline}
header button{background:transparent;border:1px solid #fff;cursor:pointer}
img{max-width:100%;height:auto}
figure{margin:.5rem 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
.facts dt{font-weight:600}
.facts dd{margin:0}
tr.late th,tr.late td{background:#fdecea}
tr.superseded{color:#595959}
.qr svg{width:14rem;height:14rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
form.grid{display:flex;flex-wrap:wrap;gap:.4rem .6rem;align-items:center}
td form{margin:0}
tbody th{font-weight:normal}
@media (max-width:40rem){
.facts{grid-template-columns:1fr}
.facts dd{margin-bottom:.4rem}
table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block}
table.stack{border:0;overflow:visible}
table.stack caption{display:block;text-align:left;font-weight:600}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{border:1px solid #767676;margin:.5rem 0;padding:.3rem .5rem}
table.stack th,table.stack td{border:0;padding:.1rem 0}
table.stack tbody th{font-weight:600}
table.stack td::before{content:attr(data-label) ": ";color:#595959}
}
`;

export interface PageInput {
  t: Translate;
  locale: Locale;
  title: string;
  body: Markup;
  viewer: Viewer | null;
  csrf: string;
  path: string;
}

function navigation(viewer: Viewer, t: Translate): Markup {
  const links: Array<[string, string]> = [['/cruscotto', t('console.nav.dashboard')], ['/persone', t('console.nav.people')], ['/esporta', t('console.nav.export')]];
  if (viewer.roles.includes('admin')) links.push(['/piano', t('console.nav.plan')], ['/promemoria', t('console.nav.reminders')]);
  return html`<nav aria-label="${t('console.nav.label')}"><ul>${links.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}</ul></nav>`;
}

/** A whole page. */
export function page(input: PageInput): string {
  const { t, locale, viewer } = input;
  const other = locale === 'it' ? 'en' : 'it';
  const switchHref = `/lingua?l=${other}&torna=${encodeURIComponent(input.path)}`;
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} — perfbot</title><style>${new Markup(STYLE)}</style></head>
<body><header><strong>perfbot</strong>${viewer ? navigation(viewer, t) : ''}
<a href="${switchHref}" lang="${other}">${t('console.switchLanguage')}</a>
${viewer
  ? html`<span>${viewer.name}</span><form method="post" action="/esci"><input type="hidden" name="_csrf" value="${input.csrf}"><button type="submit">${t('console.signOut')}</button></form>`
  : ''}
</header><main><h1>${input.title}</h1>${input.body}</main></body></html>`.text;
}
