/**
 * The few plain pages the preview server answers with instead of the app: each says what happened and what to
 * do. No scripts and no inline styles, so the app's Content-Security-Policy applies to them unchanged.
 */
export interface RefusalPage {
  status: number;
  title: string;
  paragraphs: string[];
}

export function refusalHtml(page: RefusalPage): string {
  const body = page.paragraphs.map((paragraph) => `    <p>${escapeHtml(paragraph)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>${escapeHtml(page.title)} — Stevedore preview</title></head>
  <body>
  <main>
    <h1>${escapeHtml(page.title)}</h1>
${body}
  </main>
  </body>
</html>
`;
}

export function wrongHostPage(origin: string): RefusalPage {
  return {
    status: 421,
    title: 'Wrong address for this preview',
    paragraphs: [
      `This Stevedore preview answers only at ${origin}. The request named another host, which is how a web page could try to reach it through a look-alike name (DNS rebinding), so it was refused.`,
      'Open the address npm run preview printed, exactly as printed.',
    ],
  };
}

export const alreadyUsedPage: RefusalPage = {
  status: 410,
  title: 'This one-time address was already used',
  paragraphs: [
    'The address npm run preview printed lets one browser in, once. It has already been used, so it cannot open Stevedore again — that keeps the address in your history or terminal from being of use to anyone else.',
    'If Stevedore is already open in a tab of this browser, switch to it or reload it: the tab stays signed in.',
    'To open Stevedore in another browser or profile, stop preview (Ctrl+C) and run npm run preview again for a new address.',
  ],
};

export const wrongTokenPage: RefusalPage = {
  status: 403,
  title: 'This address is not the one preview printed',
  paragraphs: [
    'Its token is not the one this preview made. Preview makes a new one-time address each time it starts.',
    'Open the address npm run preview printed most recently.',
  ],
};

export const noSessionPage: RefusalPage = {
  status: 401,
  title: 'Open the one-time address first',
  paragraphs: [
    'This browser has no session with this Stevedore preview: it signs in once, through the one-time address npm run preview printed.',
    'Open that address. If it was already used (in this or another browser), stop preview (Ctrl+C) and run npm run preview again for a new address.',
  ],
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
