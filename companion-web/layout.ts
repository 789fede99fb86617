import { html, raw, type SafeHtml } from './html.ts';
import { errorMessage, LOCALE_NAMES, type Translate } from '../shared/i18n/index.ts';
import { ERRORS, type ErrorId } from '../shared/errors.ts';
import type { Account } from './ports.ts';
import { urlInLocale } from './locale.ts';
import { HELP_TOPICS } from './help/topics.ts';

// The page shell: one column that reads well on a small phone and on a desktop, no JavaScript
// needed. Scripts, where a page has one, only make it nicer.

export interface PageContext {
  t: Translate;
  locale: string;
  csrfToken: string;
  /** The injected clock's time for this request (times on the page are said relative to it). */
  now: number;
  account: Account | null;
  /** This page's GET address, so the language switcher can keep the query (e.g. ?code=). */
  currentUrl?: string;
  /** Where "Contact support" leads: SUPPORT_URL, else the built-in /support page. */
  supportHref?: string;
}

export function layout(ctx: PageContext, title: string, body: SafeHtml, options: { head?: SafeHtml; script?: string } = {}): string {
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${ctx.t('app.name')}</title>
<link rel="stylesheet" href="/static/site.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${options.head}
</head>
<body>
<header class="top"><a class="brand" href="/">${ctx.t('app.name')}</a><span class="top-actions">${languageSwitcher(ctx)}${ctx.account ? signOutForm(ctx) : null}</span></header>
<main>
<h1>${title}</h1>
${body}
</main>
${options.script ? raw(`<script src="${options.script}" defer></script>`) : null}
</body>
</html>`.value;
}

export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;
}

function signOutForm(ctx: PageContext): SafeHtml {
  return html`<form method="post" action="/logout" class="inline">${csrfField(ctx)}<button type="submit" class="link">${ctx.t('common.signOut')}</button></form>`;
}

/** Links to this page in every language, each named in its own language. */
function languageSwitcher(ctx: PageContext): SafeHtml {
  const links = Object.entries(LOCALE_NAMES).map(([locale, name]) =>
    locale === ctx.locale
      ? html`<span lang="${locale}" aria-current="true">${name}</span>`
      : html`<a lang="${locale}" hreflang="${locale}" href="${urlInLocale(ctx.currentUrl ?? '/', locale)}">${name}</a>`,
  );
  return html`<nav class="languages" aria-label="Language / Språk / Taal">${links}</nav>`;
}

/** An error as a person sees it: the stable code and the message in the page's language. */
export function visibleError(ctx: PageContext, id: ErrorId): { code: string; message: string } {
  return { code: ERRORS[id].code, message: errorMessage(ctx.locale, id) };
}

/** A visible error with its code and a link to the help page for that code (and to support, where that is the help). */
export function errorBox(ctx: PageContext, error: { code: string; message: string } | undefined): SafeHtml | null {
  if (!error) return null;
  const support = needsSupport(error.code) ? html` · ${supportLink(ctx)}` : null;
  return html`<div class="error" role="alert"><p>${error.message}</p><p class="code">${ctx.t('common.errorCode', { code: error.code })} · <a href="/help/${error.code}">${ctx.t('common.helpLink')}</a>${support}</p></div>`;
}

/** Whether "contact support" is part of what to do about this error code. */
export function needsSupport(code: string): boolean {
  return (HELP_TOPICS as Record<string, readonly string[] | undefined>)[code]?.includes('contactSupport') ?? false;
}

/** "Contact support", leading where this deployment's support is (SUPPORT_URL or /support). */
export function supportLink(ctx: PageContext, className?: string): SafeHtml {
  return html`<a href="${ctx.supportHref ?? '/support'}" class="${className ?? ''}" data-testid="contact-support">${ctx.t('common.contactSupport')}</a>`;
}
