import { html } from '../html.ts';
import { csrfField, layout, type PageContext } from '../layout.ts';
import type { Profile } from '../ports.ts';

/** Who is watching? Choosing a profile applies to this browser. */
export function profilesPage(ctx: PageContext, options: { profiles: Profile[]; currentId: string }): string {
  const { t } = ctx;
  const choices = options.profiles.map((profile) => html`<form method="post" action="/profiles">
  ${csrfField(ctx)}<input type="hidden" name="profileId" value="${profile.id}">
  <button type="submit" class="${profile.id === options.currentId ? '' : 'secondary'}">${profile.name}${profile.kids ? html` · ${t('profiles.kids')}` : null}${profile.id === options.currentId ? html` ${t('profiles.current')}` : null}</button>
</form>`);
  return layout(ctx, t('profiles.title'), html`${choices}<p><a href="/account">${t('common.back')}</a></p>`);
}
