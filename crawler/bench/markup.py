"""The markup of a generated news page: what a content-management system wraps around
an article.

trafilatura's cost follows a page's markup far more than its byte count: per element, a
page made of long lists with short class names costs it half as much as a real news
page. So the generated pages follow the profile of real ones, as measured on the 181
news pages of a public article-extraction benchmark (medians per page, REAL_PAGE_PROFILE):
wrapper divisions nested deep, utility class names, teaser cards with responsive images,
ad slots with data attributes, a head full of meta and link tags, a dozen or more
scripts, HTML comments between the blocks.

What every page of a language shares (head, header, sidebar, footer) is built once;
the per-page parts are a few string joins, so serving stays far faster than crawling.
"""

from __future__ import annotations

import html
import json
import random
import re
import zlib
from dataclasses import dataclass

# Medians per page over the benchmark's real news pages, as lxml.html parses them
# (elements without comments, tags, the deepest nesting, attribute counts and characters,
# KB of inline script and style); the tests hold the generated pages to these, within
# REAL_PROFILE_TOLERANCE.
REAL_PAGE_PROFILE = {
    "elements": 743,
    "div": 145,
    "a": 144,
    "li": 102,
    "span": 51,
    "script": 36,
    "meta": 34,
    "link": 24,
    "img": 21,
    "comments": 19,
    "depth": 17,
    "attributes": 1089,
    "class_chars": 7814,
    "script_kb": 31,
}
REAL_PROFILE_TOLERANCE = 0.35
CDN = "https://cdn.ecrans-series.example"
WWW = "https://www.ecrans-series.example"  # furniture links are absolute, as most CMS print them
UTILITY_CLASSES = (
    "flex flex-col flex-wrap items-center items-start justify-between justify-center gap-2 gap-4 gap-x-6 "
    "px-4 py-2 py-4 md:px-8 lg:px-12 mx-auto max-w-screen-xl w-full h-full relative absolute inset-0 z-10 "
    "overflow-hidden text-sm text-xs text-lg md:text-xl font-semibold font-bold uppercase tracking-wide "
    "leading-tight leading-relaxed hover:underline focus:outline-none focus-visible:ring-2 hidden md:block "
    "lg:flex lg:grid grid grid-cols-1 md:grid-cols-2 lg:grid-cols-3 col-span-12 lg:col-span-8 lg:col-span-4 "
    "rounded rounded-lg shadow-sm bg-white dark:bg-neutral-900 text-neutral-900 dark:text-neutral-100 "
    "border-b border-neutral-200 truncate line-clamp-2 line-clamp-3 aspect-video object-cover transition "
    "duration-200 ease-in-out opacity-90 group group-hover:opacity-100 sr-only"
).split()
BLOCK_START = re.compile(r"<(?=(?:div|li|ul|ol|section|aside|header|nav|footer|form|p|h[1-4]|figure|article)\b)")
TEMPLATE_INDENT = "\n        "
ICONS = ("search", "menu", "close", "facebook", "x", "whatsapp", "mail", "link", "bookmark", "play")
IMAGE_WIDTHS = (320, 640, 960, 1280)
STATIC_META = (
    ("name", "viewport", "width=device-width, initial-scale=1, viewport-fit=cover"),
    ("name", "robots", "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"),
    ("name", "theme-color", "#0b0b0f"),
    ("name", "format-detection", "telephone=no"),
    ("name", "referrer", "strict-origin-when-cross-origin"),
    ("name", "google-site-verification", "k3Jd9x0QpLr2VfA7sWm4Tz1yHc8NbE5uGo6iKa0"),
    ("name", "msvalidate.01", "7C1A0E5B9D2F48A6B3E1C0D9F8A7B6C5"),
    ("property", "fb:app_id", "104857600123456"),
    ("property", "fb:pages", "110223344556677"),
    ("name", "twitter:card", "summary_large_image"),
    ("name", "twitter:site", "@ecransseries"),
    ("name", "apple-mobile-web-app-title", "Écrans & Séries"),
    ("name", "application-name", "Écrans & Séries"),
    ("name", "msapplication-TileColor", "#0b0b0f"),
)
THIRD_PARTY_SCRIPTS = (
    "https://securepubads.g.doubleclick.net/tag/js/gpt.js",
    "https://www.googletagmanager.com/gtm.js?id=GTM-K7XQ2P",
    "https://cmp.consent.example/v2/stub.js",
    "https://static.chartbeat.com/js/chartbeat_mab.js",
    "https://c.amazon-adsystem.com/aax2/apstag.js",
    "https://player.video.example/embed/v3/player.js",
    "https://cdn.taboola.com/libtrc/ecransseries/loader.js",
    "https://connect.facebook.net/fr_FR/sdk.js",
    "https://www.google-analytics.com/analytics.js",
    "https://tags.crwdcntrl.net/lt/c/1234/lt.min.js",
)


@dataclass(frozen=True)
class Teaser:
    """A link to another article, as cards and lists show it."""

    url: str
    headline: str
    image: str
    section: str


@dataclass(frozen=True)
class Furniture:
    """What every page of one language shares: the start of the head, the header
    down to the main column, and the sidebar, footer and trailing scripts."""

    head: str
    top: str
    bottom: str


def slug(text: str) -> str:
    """The URL path segment of a title or a name: lower case, accents and punctuation out."""
    table = str.maketrans("àâäéèêëîïôöùûüçœ", "aaaeeeeiioouuuco")
    cleaned = "".join(c if c.isalnum() else "-" for c in text.lower().translate(table) if c.isascii() or c.isalnum())
    return "-".join(part for part in cleaned.split("-") if part)


def laid_out(markup: str) -> str:
    """Markup with each block on its own line, as templates print it."""
    return BLOCK_START.sub(TEMPLATE_INDENT + "<", markup)


def classes(rng: random.Random, block: str, count: int) -> str:
    """A class attribute as component libraries write them: a block name and utilities."""
    return " ".join((block, *rng.sample(UTILITY_CLASSES, count)))


def image(rng: random.Random, src: str, alt: str, block: str) -> str:
    srcset = ", ".join(f"{src}?w={width}&amp;q=75&amp;fm=webp {width}w" for width in IMAGE_WIDTHS)
    return (
        f'<img class="{classes(rng, block, 2)}" src="{src}?w=640&amp;q=75" srcset="{srcset}" '
        f'sizes="(max-width: 768px) 100vw, 640px" alt="{html.escape(alt)}" width="640" height="360" '
        f'loading="lazy" decoding="async">'
    )


def icon(name: str) -> str:
    return f'<svg class="icon icon--{name}" aria-hidden="true"><use href="#icon-{name}"></use></svg>'


def ad_slot(rng: random.Random, name: str, sizes: str) -> str:
    return (
        f"<!-- ad: {name} -->"
        f'<div class="{classes(rng, "ad-slot ad-slot--" + name, 2)}" data-ad-unit="/21804/ecrans/{name}" '
        f'data-sizes="{sizes}" data-lazy="true"><div class="ad-slot__inner" id="gpt-{name}"></div></div>'
    )


def video_player(rng: random.Random, poster: str, caption: str) -> str:
    """The embedded player most entertainment articles carry (a trailer, an interview)."""
    return (
        f'<!-- video --><div class="{classes(rng, "video", 2)}"><div class="video__frame" data-player="jw" '
        f'data-media-id="{rng.randrange(16**8):08x}" data-autoplay="false"><div class="video__poster">'
        f'<img src="{poster}?w=960&amp;q=70" alt="" width="960" height="540" loading="lazy"></div>'
        f'<button class="video__play" aria-label="play">{icon("play")}</button></div>'
        f'<div class="video__caption"><span>{html.escape(caption)}</span></div></div>'
    )


def author_box(rng: random.Random, name: str, url: str, bio: str) -> str:
    return (
        f'<div class="{classes(rng, "author-box", 2)}"><div class="author-box__photo">'
        f'<img src="{CDN}/img/authors/{zlib.crc32(name.encode()) % 997}.jpg?w=120" alt="{html.escape(name)}" '
        'width="60" height="60" loading="lazy"></div>'
        f'<div class="author-box__text"><a class="author-box__name" href="{url}">'
        f'{html.escape(name)}</a><p class="author-box__bio">{html.escape(bio)}</p></div></div>'
    )


def social_post(rng: random.Random, text: str, when) -> str:
    """An embedded post of a social network, as articles quote a cast member's."""
    handle = f"cast_{rng.randrange(10**4)}"
    return (
        f'<blockquote class="twitter-tweet" data-dnt="true"><p lang="und" dir="ltr">{html.escape(text)} '
        f'<a href="https://t.co/{rng.randrange(16**10):010x}">pic.twitter.com/{rng.randrange(16**10):010x}</a></p>'
        f'&mdash; {handle} (@{handle}) <a href="https://twitter.com/{handle}/status/{rng.randrange(10**18)}">'
        f'{when:%B %d, %Y}</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script>'
    )


def sponsored_links(rng: random.Random, labels: list[str]) -> str:
    """The block of paid links under the article that recommendation networks insert."""
    cards = "".join(
        f'<div class="{classes(rng, "sponsored__item", 1)}"><a class="sponsored__link" '
        f'href="https://trc.recommend.example/click?pid={rng.randrange(10**9)}&amp;cid={rng.randrange(10**12)}'
        "&amp;utm_source=ecransseries&amp;utm_medium=referral&amp;utm_campaign=below-article"
        '" rel="sponsored nofollow">'
        f'<div class="sponsored__thumb"><img src="https://images.recommend.example/{rng.randrange(16**16):016x}.jpg" '
        f'alt="" width="300" height="200" loading="lazy"></div><div class="sponsored__text">'
        f'<span>{" ".join(rng.sample(labels, 5))}</span><span class="sponsored__brand">{rng.choice(labels)}</span>'
        "</div></a></div>"
        for _ in range(6)
    )
    return f'<!-- sponsored --><div class="{classes(rng, "sponsored", 2)}" id="below-article-thumbnails">{cards}</div>'


def teaser_card(rng: random.Random, teaser: Teaser, heading: str = "h3", excerpt: str = "") -> str:
    """A card: the picture, the section, the headline and, when given, an excerpt."""
    summary = f'<p class="card__excerpt">{excerpt}</p>' if excerpt else ""
    tracking = html.escape(json.dumps({"event": "teaser_click", "target": teaser.url}))
    return (
        f'<div class="card-wrapper"><div class="{classes(rng, "card", 2)}"><div class="card__media">'
        f'<a href="{teaser.url}" tabindex="-1" data-tracking="{tracking}">'
        f"{image(rng, teaser.image, teaser.headline, 'card__image')}</a></div>"
        f'<div class="{classes(rng, "card__body", 1)}"><span class="card__kicker">{teaser.section}</span>'
        f'<{heading} class="card__title"><a class="{classes(rng, "card__link", 1)}" href="{teaser.url}" '
        f'data-tracking="{tracking}">{html.escape(teaser.headline)}</a></{heading}>{summary}</div></div></div>'
    )


def furniture(rng: random.Random, lang: str, site: str, sections: list[str], labels: list[str]) -> Furniture:
    """The shared parts of the pages of one language; `labels` are link texts."""
    home = f"{WWW}/{lang}/"

    def label() -> str:
        return " ".join(rng.sample(labels, rng.randint(2, 4)))

    metas = "".join(f'<meta {kind}="{name}" content="{html.escape(value)}">\n' for kind, name, value in STATIC_META)
    links = "".join(
        [
            *(
                f'<link rel="preconnect" href="https://{host}" crossorigin>\n'
                for host in ("cdn", "img", "ads", "api", "fonts")
            ),
            *(
                f'<link rel="dns-prefetch" href="https://{host}.example">\n'
                for host in ("stats", "cmp", "video", "tags")
            ),
            *(
                f'<link rel="preload" href="{CDN}/fonts/{font}.woff2" as="font" type="font/woff2" crossorigin>\n'
                for font in ("inter-400", "inter-700", "serif-600")
            ),
            *(f'<link rel="stylesheet" href="{CDN}/css/{name}.3f9a2c.css">\n' for name in ("main", "article", "print")),
            *(
                f'<link rel="icon" href="{CDN}/icons/favicon-{size}.png" sizes="{size}x{size}">\n'
                for size in (16, 32, 192)
            ),
            f'<link rel="apple-touch-icon" href="{CDN}/icons/apple-touch-icon.png">\n',
            f'<link rel="manifest" href="{home}manifest.json">\n',
            '<link rel="alternate" hreflang="fr" href="/fr/">\n<link rel="alternate" hreflang="en" href="/en/">\n',
            f'<link rel="alternate" type="application/rss+xml" title="{html.escape(site)}" href="{home}rss.xml">\n',
            f'<link rel="search" type="application/opensearchdescription+xml" href="{home}opensearch.xml">\n',
        ]
    )
    css = "".join(
        f".{rng.choice(('c', 'card', 'menu', 'ad-slot', 'footer'))}-{i}{{margin:{i % 7}px {i % 5}px;"
        f"padding:{i % 3}px;color:#{rng.randrange(0x1000000):06x};font-size:{12 + i % 9}px;"
        f"display:{'flex' if i % 2 else 'block'}}}\n"
        for i in range(110)
    )
    ads_config = json.dumps(
        {
            "slots": [
                {"id": f"gpt-{i}", "unit": f"/21804/ecrans/{i}", "sizes": [[300, 250], [728, 90]]} for i in range(24)
            ],
            "targeting": {"site": site, "lang": lang, "segments": [label() for _ in range(12)]},
            "experiments": {f"exp_{i}": rng.random() < 0.5 for i in range(60)},
        },
        ensure_ascii=False,
    )
    bidders = json.dumps(
        [
            {
                "code": f"gpt-{i}",
                "mediaTypes": {"banner": {"sizes": [[300, 250], [300, 600], [728, 90]]}},
                "bids": [
                    {"bidder": bidder, "params": {"placementId": rng.randrange(10**8), "siteId": rng.randrange(10**6)}}
                    for bidder in ("appnexus", "rubicon", "criteo", "ix", "smartadserver")
                ],
            }
            for i in range(12)
        ]
    )
    head_scripts = "".join(
        [
            "<script>document.documentElement.className=document.documentElement.className.replace('no-js','js');"
            "</script>\n",
            "<script>window.__tcfapi=window.__tcfapi||function(){(window.__tcfapi.a=window.__tcfapi.a||[])"
            ".push(arguments)};</script>\n",
            f"<script>window.adsConfig = {ads_config};</script>\n",
            "<script>var pbjs=pbjs||{};pbjs.que=pbjs.que||[];"
            f"pbjs.que.push(function(){{pbjs.addAdUnits({bidders});}});</script>\n",
            "<script>window.chartbeat={uid:60123,domain:'ecrans-series.example',useCanonical:true};</script>\n",
            "<script>if('serviceWorker' in navigator){navigator.serviceWorker.register('/sw.js');}</script>\n",
            "<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:"
            "'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src="
            "'https://www.googletagmanager.com/gtm.js?id='+i;f.parentNode.insertBefore(j,f);})"
            "(window,document,'script','dataLayer','GTM-K7XQ2P');</script>\n",
            *(f'<script async src="{src}"></script>\n' for src in THIRD_PARTY_SCRIPTS),
        ]
    )
    head = (
        f'<!DOCTYPE html>\n<html lang="{lang}" class="no-js" data-theme="light">\n<head>\n<meta charset="utf-8">\n'
        f"{metas}{links}<style>{css}</style>\n{head_scripts}"
    )

    paths = "".join(
        f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path d="'
        + " ".join(f"{'ML'[k % 2]}{rng.uniform(0, 24):.2f} {rng.uniform(0, 24):.2f}" for k in range(14))
        + 'z"></path></symbol>'
        for name in ICONS
    )
    menu = "".join(
        f'<li id="menu-item-{4100 + k}" class="{classes(rng, "menu__item", 1)}">'
        f'<a class="{classes(rng, "menu__link", 2)}" '
        f'href="{WWW}/{lang}/{slug(section)}/" aria-haspopup="{"true" if k < 8 else "false"}">'
        f'<span class="menu__label">{section}</span></a>'
        + (
            f'<div class="{classes(rng, "menu__panel", 3)}"><ul class="menu__sub">'
            + "".join(
                f'<li id="menu-item-{5200 + 10 * k + j}" class="menu__sub-item">'
                f'<a class="{classes(rng, "menu__sub-link", 1)}" '
                f'href="{WWW}/{lang}/{slug(section)}/{slug(label())}/">{label()}</a></li>'
                for j in range(4)
            )
            + "</ul></div>"
            if k < 8
            else ""
        )
        + "</li>"
        for k, section in enumerate(sections)
    )
    trending = "".join(
        f'<li class="trending__item"><a href="{WWW}/{lang}/tag/{slug(label())}/">{label()}</a></li>' for _ in range(6)
    )
    subscribe = "S'abonner" if lang == "fr" else "Subscribe"
    cookie = (
        "Nous utilisons des cookies pour mesurer l'audience et personnaliser les publicités."
        if lang == "fr"
        else "We use cookies to measure our audience and personalise advertising."
    )
    top = (
        f'<body class="{classes(rng, "page page--article", 4)}">\n<!-- Google Tag Manager (noscript) -->\n'
        '<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-K7XQ2P" height="0" width="0" '
        'style="display:none;visibility:hidden"></iframe></noscript>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{paths}</svg>\n'
        f'<div id="app" class="{classes(rng, "app", 1)}"><div class="{classes(rng, "layout", 2)}">'
        f'<div class="layout__inner">\n'
        f'<div class="{classes(rng, "consent", 3)}" role="dialog" aria-live="polite"><div class="consent__box">'
        f'<p class="consent__text">{cookie}</p><div class="consent__actions"><button class="btn">OK</button>'
        f'<button class="btn btn--ghost">{"Paramétrer" if lang == "fr" else "Settings"}</button></div></div></div>\n'
        f"{ad_slot(rng, 'leaderboard', '[[728,90],[970,250]]')}\n"
        f'<header class="{classes(rng, "site-header", 4)}"><div class="{classes(rng, "container", 2)}">'
        f'<div class="{classes(rng, "site-header__bar", 3)}">'
        f'<button class="burger" aria-label="Menu"><span></span><span></span><span></span></button>'
        f'<a class="site-header__logo" href="{home}"><img src="{CDN}/logo.svg" alt="{html.escape(site)}" '
        f'width="180" height="32"></a>'
        f'<nav class="{classes(rng, "menu", 2)}" aria-label="menu"><ul class="menu__list">{menu}</ul></nav>'
        f'<div class="site-header__actions"><form class="search" role="search" action="/search/">'
        f'<input type="search" name="q" aria-label="search"><button type="submit">{icon("search")}</button></form>'
        f'<a class="{classes(rng, "btn btn--subscribe", 1)}" href="{WWW}/{lang}/abonnement/">{subscribe}</a></div>'
        f"</div></div></header>\n<!-- /header -->\n"
        f'<div class="{classes(rng, "trending", 2)}"><span class="trending__label">'
        f'{"Tendances" if lang == "fr" else "Trending"}</span><ul class="trending__list">{trending}</ul></div>\n'
        f'<main id="main" class="{classes(rng, "main", 2)}"><div class="{classes(rng, "container", 2)}">'
        f'<div class="{classes(rng, "grid", 3)}"><div class="{classes(rng, "col-main", 2)}">'
        f'<div class="article-layout"><div class="{classes(rng, "article-layout__content", 1)}">\n'
    )

    most_read = "".join(
        f'<li class="{classes(rng, "most-read__item", 1)}"><div class="most-read__rank">{i + 1}</div>'
        f'<a class="most-read__link" href="{WWW}/{lang}/{slug(label())}-{i}/">{label()} {label()}</a></li>'
        for i in range(10)
    )
    headlines = [
        Teaser(
            f"{WWW}/{lang}/{slug(label())}-{i}/", f"{label()} {label()}", f"{CDN}/img/une-{i}.jpg", rng.choice(sections)
        )
        for i in range(6)
    ]
    front = "".join(teaser_card(rng, teaser, "h4", excerpt=f"{label()} {label()} {label()}.") for teaser in headlines)
    options = "".join(f"<option>{section}</option>" for section in sections[:5])
    footer = "".join(
        f'<div class="{classes(rng, "footer__col", 1)}"><h4 class="footer__title">{section}</h4><ul>'
        + "".join(f'<li><a href="{WWW}/{lang}/{slug(label())}/">{label()}</a></li>' for _ in range(7))
        + "</ul></div>"
        for section in sections[:4]
    )
    social = "".join(
        f'<a class="footer__social" href="https://{name}.example/ecransseries" aria-label="{name}">{icon(name)}</a>'
        for name in ICONS[3:8]
    )
    chunks = {f"chunk-{slug(label())}-{i}": f"{rng.randrange(16**12):012x}" for i in range(140)}
    tracking = "".join(
        f"window.dataLayer.push({{event:'view_{i}',section:'{rng.choice(sections)}',value:{rng.randint(0, 9999)}}});\n"
        for i in range(40)
    )
    tail_scripts = "".join(
        [
            *(f'<script async src="{src}?v=2"></script>\n' for src in THIRD_PARTY_SCRIPTS[6:]),
            *(
                f'<script defer src="{CDN}/js/{name}.8c1e4d.js"></script>\n'
                for name in ("runtime", "vendor", "app", "article")
            ),
            f"<script>window.dataLayer=window.dataLayer||[];\n{tracking}</script>\n",
            f"<script>window.__CHUNKS__ = {json.dumps(chunks)};</script>\n",
            "<script>window._taboola=window._taboola||[];_taboola.push({flush:true});</script>\n",
            "<script>var _sf_async_config=window._sf_async_config={};_sf_async_config.uid=60123;</script>\n",
        ]
    )
    newsletter = "Recevez l'essentiel des séries" if lang == "fr" else "The week in TV, in your inbox"
    bottom = (
        f"</div></div></div><!-- /col-main -->\n"
        f'<aside class="{classes(rng, "sidebar", 2)}">{ad_slot(rng, "sidebar-top", "[[300,250],[300,600]]")}'
        f'<section class="{classes(rng, "most-read", 2)}"><h2 class="section-title">'
        f"{'Les plus lus' if lang == 'fr' else 'Most read'}</h2><ol>{most_read}</ol></section>"
        f'<section class="{classes(rng, "front", 1)}"><h2 class="section-title">'
        f"{'À la une' if lang == 'fr' else 'Top stories'}</h2>{front}</section>"
        f'<section class="{classes(rng, "newsletter", 2)}"><h2 class="section-title">Newsletter</h2>'
        f'<p class="newsletter__text">{newsletter}</p><form class="newsletter__form">'
        f'<input type="email" name="email" required><select name="topic">{options}</select>'
        f'<input type="checkbox" name="consent"><button type="submit">OK</button></form></section>'
        f"{ad_slot(rng, 'sidebar-middle', '[[300,250]]')}{ad_slot(rng, 'sidebar-bottom', '[[300,250]]')}</aside>\n"
        f"</div></div></main>\n{ad_slot(rng, 'footer-banner', '[[728,90],[970,90]]')}\n<!-- footer -->\n"
        f'<footer class="{classes(rng, "site-footer", 3)}"><div class="{classes(rng, "container", 1)}">'
        f'<div class="{classes(rng, "footer__cols", 2)}">{footer}</div><div class="footer__social-links">{social}</div>'
        f'<p class="footer__legal">© 2025 {html.escape(site)}</p></div></footer>\n'
        f"</div></div></div><!-- /app -->\n{tail_scripts}</body>\n</html>\n"
    )
    return Furniture(head, laid_out(top), laid_out(bottom))
