/**
 * The few words the adapters read, in every UI language we support. The adapters prefer
 * structure (attributes, links, URL shapes); these are the rules where a word is the only signal:
 * an ad's label, a thought-leader ad's "Promoted by COMPANY", a LinkedIn repost header, the
 * LinkedIn control menu's label, an X ad's label and X's repost context.
 *
 * Entries are whole labels; `{name}` marks where a name goes. Labels are compared with the whole
 * (trimmed, whitespace-collapsed) text of an element, never as substrings: "Promoted to engineering
 * manager…" is a post, not an ad.
 */
export const LANGUAGES = ['en', 'fr', 'de', 'es', 'pt', 'ja', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
type Table = Readonly<Record<Language, readonly string[]>>;

export const LABELS = {
  /** LinkedIn: the line under an ad's actor name. */
  linkedinAd: {
    en: ['Promoted', 'Sponsored'],
    fr: ['Sponsorisé', 'Post sponsorisé', 'Promu'],
    de: ['Gesponsert', 'Anzeige'],
    es: ['Promocionado', 'Patrocinado'],
    pt: ['Promovido', 'Patrocinado'],
    ja: ['プロモーション', '広告'],
    zh: ['推广', '赞助内容', '廣告'],
  },
  /** LinkedIn thought-leader ads: a person's post promoted by a company. */
  linkedinPromotedBy: {
    en: ['Promoted by {name}', 'Sponsored by {name}'],
    fr: ['Sponsorisé par {name}', 'Promu par {name}'],
    de: ['Gesponsert von {name}', 'Gesponsert durch {name}'],
    es: ['Promocionado por {name}', 'Patrocinado por {name}'],
    pt: ['Promovido por {name}', 'Patrocinado por {name}'],
    ja: ['{name}によるプロモーション', 'プロモーション: {name}'],
    // Not "{name}推广" alone: a headline such as "市场推广" (marketing) would read as an ad.
    zh: ['由{name}推广'],
  },
  /** LinkedIn: the header line of a plain repost. */
  linkedinReposted: {
    en: ['{name} reposted this'],
    fr: ['{name} a republié ceci', '{name} a republié ce post'],
    de: ['{name} hat dies repostet', '{name} hat das repostet'],
    es: ['{name} ha compartido esto', '{name} ha republicado esto', '{name} republicó esto'],
    pt: ['{name} republicou isso', '{name} republicou isto'],
    ja: ['{name}さんが再投稿しました', '{name}さんがリポストしました'],
    zh: ['{name}转发了', '{name} 转发了此内容'],
  },
  /** LinkedIn: the "…" button's aria-label, which names the author. */
  linkedinControlMenu: {
    en: ['Open control menu for post by {name}'],
    fr: ['Ouvrir le menu de commandes pour le post de {name}'],
    de: ['Steuerungsmenü für Beitrag von {name} öffnen'],
    es: ['Abrir el menú de control de la publicación de {name}'],
    pt: ['Abrir menu de controle da publicação de {name}'],
    ja: ['{name}さんの投稿のコントロールメニューを開く'],
    zh: ['打开{name}的动态控制菜单'],
  },
  /** X: the label in an ad's header. */
  xAd: {
    en: ['Ad', 'Promoted'],
    fr: ['Sponsorisé', 'Publicité'],
    de: ['Anzeige', 'Gesponsert'],
    es: ['Anuncio', 'Promocionado'],
    pt: ['Anúncio', 'Promovido'],
    ja: ['広告', 'プロモーション'],
    zh: ['广告', '推荐', '推廣'],
  },
  /** X: the social context of a repost (the name sits in its own span, inside a profile link). */
  xReposted: {
    en: ['{name} reposted', '{name} retweeted', 'You reposted'],
    fr: ['{name} a reposté', 'Vous avez reposté'],
    de: ['{name} hat repostet', 'Du hast repostet'],
    es: ['{name} reposteó', 'Reposteaste'],
    pt: ['{name} repostou', 'Você repostou'],
    ja: ['{name}さんがリポストしました', 'リポストしました'],
    zh: ['{name} 已转帖', '你已转帖'],
  },
} as const satisfies Record<string, Table>;

export type LabelRule = keyof typeof LABELS;

/**
 * A table built at its first use, then kept: the content script starts on every LinkedIn and X
 * page, and building every language's patterns up front cost milliseconds before the first flag.
 */
export function lazily<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Every label of a rule, all languages, for exact comparison. */
export function labelSet(rule: LabelRule): ReadonlySet<string> {
  return new Set(LANGUAGES.flatMap((lang) => LABELS[rule][lang]));
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One regular expression for every template of a rule, all languages: the whole text must match,
 * and the first non-empty group is the name (absent for templates without one).
 */
export function labelPattern(rule: LabelRule): RegExp {
  // Templates without a name first: "You reposted" is the viewer, not someone called "You".
  const templates = LANGUAGES.flatMap((lang) => LABELS[rule][lang]);
  const ordered = [
    ...templates.filter((t) => !t.includes('{name}')),
    ...templates.filter((t) => t.includes('{name}')),
  ];
  const alternatives = ordered.map(
    (template) => `(?:${template.split('{name}').map(escape).join('(.+?)')})`,
  );
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'u');
}

/** The name a label template holds (`undefined` if the text matches none, `''` if it has none). */
export function nameInLabel(pattern: RegExp, text: string): string | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  return match.slice(1).find((group) => group !== undefined) ?? '';
}
