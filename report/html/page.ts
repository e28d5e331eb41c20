import { html, type Markup, trusted } from './markup.ts';

/** The page's only styles, inline, so the file needs nothing else to display. */
const STYLE = `
:root { color-scheme: light; --ink: #202124; --muted: #5f6368; --line: #dadce0; --panel: #f8f9fa; --good: #188038; --bad: #d93025; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 16px 24px; }
header { border-bottom: 1px solid var(--line); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0; }
h2 small, .muted { color: var(--muted); font-weight: normal; }
h3 { font-size: 15px; margin: 20px 0 8px; }
nav a { margin-right: 12px; }
section { border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 16px 0; }
.kpis { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.kpi { background: var(--panel); border-radius: 6px; padding: 6px 10px; min-width: 110px; }
.kpi b { display: block; font-size: 16px; }
.kpi span { color: var(--muted); font-size: 12px; }
.significant { color: var(--good); }
.significant.down { color: var(--bad); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
.diagram { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px; background: #fff; }
.diagram svg { max-width: none; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: var(--panel); font-weight: 600; }
.note { color: var(--muted); font-size: 12px; }
`;

/**
 * The whole document: styles inline and no script, link or image that points elsewhere, so it
 * opens offline and can be mailed. The dashboard alone reloads itself with a meta refresh.
 */
export function page(args: {
  readonly title: string;
  readonly body: Markup;
  readonly refreshSeconds?: number;
}): string {
  const refresh = args.refreshSeconds
    ? html`<meta http-equiv="refresh" content="${args.refreshSeconds}">`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
${refresh}
<title>${args.title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
${args.body}
</body>
</html>
`.text;
}
