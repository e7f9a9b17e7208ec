"""A realistic news site for `renewals bench`, generated on the fly and served on loopback.

Every article is a full news page as outlets publish them — about 100 KB of HTML,
most of it page furniture with the markup profile of real news pages (`markup`: menus,
teaser cards, ad slots, a head full of meta tags, inline scripts, a sidebar, a footer)
around a 3 to 6 KB French or English article about TV series, with its subheadings,
links, an image, a video and an embedded post, and renewal, cancellation, filming and
release news among plot, cast and ratings sentences. The site publishes an RSS feed
per language, a sitemap index per language with sitemaps of up to 1,000 URLs, and a
robots.txt naming the English index; feeds and sitemaps carry ETag and Last-Modified and answer
conditional requests with 304, as real outlets do.

Pages are deterministic functions of their number (the same bytes on every request
and in every run). The server renders and gzip-compresses every article before the
crawl, in a process pool, as a remote outlet has its pages ready in a cache: making a
page costs about 4 ms of CPU, which on the loopback would take a seventh of the two
cores from the crawl being measured. A 20,000-page site then holds ~370 MB in the
benchmark's process. A folder of real HTML pages (`.html` or `.html.gz`) can replace
the generated articles; they are then served as they are.

The server is a small asyncio HTTP/1.1 server with keep-alive in a background
thread; it answers with the stored gzip body when the client accepts it, as news
sites do.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import gzip
import hashlib
import html
import itertools
import json
import multiprocessing
import os
import random
import re
import socket
import threading
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from crawler.bench import markup
from crawler.startup import children_skip_main

SITE_NAME = {"fr": "Écrans & Séries", "en": "Screens & Series"}
SITEMAP_SIZE = 1000
FEED_SIZE = 50
COMPRESSION_LEVEL = 6  # gzip's default, what web servers use
RENDER_CHUNK = 250  # pages per task of the process pool that renders the site
EPOCH = dt.datetime(2025, 1, 6, 8, 0, tzinfo=dt.UTC)
LAST_MODIFIED = email.utils.format_datetime(dt.datetime(2025, 6, 1, tzinfo=dt.UTC), usegmt=True)

# vocabulary -------------------------------------------------------------------------

PLATFORMS = {
    "fr": ["Netflix", "Prime Video", "Disney+", "Canal+", "France 2", "TF1", "M6", "Arte", "France 3", "Max"],
    "en": [
        "Netflix",
        "Prime Video",
        "Disney+",
        "Max",
        "HBO",
        "Apple TV+",
        "Hulu",
        "Peacock",
        "Paramount+",
        "BBC One",
        "CBS",
        "NBC",
        "ABC",
        "FOX",
        "The CW",
        "AMC",
        "FX",
        "Starz",
    ],
}
FIRST_NAMES = (
    "Camille Julien Nadia Thomas Léa Hugo Chloé Mathieu Inès Antoine Sarah Karim Élodie Pierre Manon "
    "Olivia James Emma Daniel Grace Michael Sophie David Rachel Kevin Laura Samuel Hannah Ryan Maya"
).split()
LAST_NAMES = (
    "Martin Bernard Dubois Laurent Moreau Lefebvre Garnier Rousseau Fontaine Chevalier Mercier Blanchard "
    "Carter Bennett Hughes Foster Reynolds Walsh Porter Hayes Sullivan Brooks Coleman Fisher Gallagher"
).split()
MAX_INLINE_LINKS = 12  # links in an article's text: its series, platforms and first people named
PERSON = re.compile(rf"\b(?:{'|'.join(FIRST_NAMES)}) (?:{'|'.join(LAST_NAMES)})\b")
CITIES = {
    "fr": ["Marseille", "Lyon", "Lille", "Bordeaux", "Nantes", "Toulouse", "Strasbourg", "Nice", "Rennes", "Brest"],
    "en": [
        "Atlanta",
        "Vancouver",
        "Toronto",
        "Dublin",
        "Belfast",
        "Glasgow",
        "Manchester",
        "Budapest",
        "Prague",
        "Albuquerque",
    ],
}
TITLE_WORDS = {
    "fr": (
        [
            "Les Gardiens",
            "La Maison",
            "Le Secret",
            "Les Ombres",
            "La Brigade",
            "Le Cercle",
            "Les Enfants",
            "La Vallée",
            "Le Phare",
            "Les Veilleurs",
            "La Promesse",
            "Le Domaine",
            "Les Héritiers",
            "La Forêt",
        ],
        [
            "du lac",
            "de minuit",
            "des marais",
            "d'Arles",
            "du nord",
            "de la côte",
            "des collines",
            "du silence",
            "de l'aube",
            "des Cévennes",
            "du port",
            "de Lisieux",
            "des brumes",
            "du canal",
        ],
    ),
    "en": (
        [
            "The Silent",
            "The Last",
            "The Hollow",
            "The Crimson",
            "The Northern",
            "The Broken",
            "The Hidden",
            "The Golden",
            "The Lost",
            "The Quiet",
            "The Burning",
            "The Frozen",
            "The Wild",
            "The Iron",
        ],
        [
            "Harbor",
            "Kingdom",
            "Frontier",
            "Station",
            "Archive",
            "Valley",
            "Orchard",
            "Tide",
            "Circle",
            "Road",
            "Lighthouse",
            "Republic",
            "Garden",
            "Line",
        ],
    ),
}
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "en": "January February March April May June July August September October November December".split(),
}
ORDINALS = {
    "fr": ["", "première", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième"],
    "en": ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh"],
}
FACTS = {
    "fr": [
        "{platform} a officiellement renouvelé « {series} » pour une saison {n}, a annoncé la plateforme ce {day}.",
        "C'est confirmé : « {series} » aura bien droit à une {ordinal} saison sur {platform}.",
        "{platform} a annulé « {series} » : il n'y aura pas de saison {n}, malgré des audiences honorables.",
        "La saison {n} sera la dernière de « {series} », a confirmé {platform} dans un communiqué.",
        "Le tournage de la saison {n} de « {series} » a commencé cette semaine à {city}.",
        "La saison {n} de « {series} » sera diffusée à partir du {date} sur {platform}.",
        "La saison {n} de « {series} », composée de {episodes} épisodes, est disponible depuis ce {day} sur "
        "{platform}.",
        "Selon nos informations, {platform} envisagerait une saison {n} de « {series} ».",
    ],
    "en": [
        "{platform} has officially renewed {series} for season {n}, the network announced on {day}.",
        "It's official: {series} is coming back for a {ordinal} season at {platform}.",
        "{platform} has canceled {series} after {m} seasons, so there will be no season {n}.",
        "Season {n} will be the final season of {series}, {platform} confirmed in a statement.",
        "Production on season {n} of {series} began this week in {city}.",
        "Season {n} of {series} will premiere on {platform} on {date}.",
        "All {episodes} episodes of {series} season {n} are now streaming on {platform}.",
        "{platform} is reportedly developing a season {n} of {series}, according to sources.",
    ],
}
SUBJECTS = {
    "fr": [
        "La showrunneuse {person}",
        "{person}",
        "Le casting",
        "La critique",
        "Le public",
        "La production",
        "La chaîne",
        "Les fans",
        "La scénariste {person}",
        "Le réalisateur {person}",
        "L'acteur {person}",
        "Le compositeur {person}",
        "La productrice {person}",
    ],
    "en": [
        "Showrunner {person}",
        "{person}",
        "The cast",
        "Critics",
        "Viewers",
        "The production team",
        "The network",
        "Fans of the show",
        "Writer {person}",
        "Director {person}",
        "Star {person}",
        "Composer {person}",
        "Executive producer {person}",
    ],
}
VERBS = {
    "fr": [
        "a salué",
        "a évoqué",
        "est revenu sur",
        "a longuement commenté",
        "a défendu",
        "a critiqué",
        "a comparé",
        "a détaillé",
        "a promis",
        "a regretté",
        "a célébré",
        "a raconté",
    ],
    "en": [
        "praised",
        "discussed",
        "looked back on",
        "defended",
        "criticized",
        "compared",
        "detailed",
        "teased",
        "regretted",
        "celebrated",
        "described",
        "revisited",
    ],
}
# Objects and complements carry a slot every few words, as real commentary names people,
# places and episodes: articles then share few word 5-grams, as real articles do.
OBJECTS = {
    "fr": [
        "le {ordinal} épisode",
        "l'arrivée de {person}",
        "le rythme voulu par {person}",
        "la musique de {person}",
        "les décors de {city}",
        "les scènes entre {person} et {person2}",
        "le tournage à {city}",
        "les dialogues écrits par {person}",
        "le budget de {platform}",
        "les audiences du {day}",
        "la fin imaginée par {person}",
        "le roman de {person}",
    ],
    "en": [
        "the season {n} finale",
        "the arrival of {person}",
        "the pacing of episode {m}",
        "the score by {person}",
        "the {city} locations",
        "the scenes between {person} and {person2}",
        "the night shoots in {city}",
        "the dialogue {person} wrote",
        "the budget {platform} approved",
        "the {day} night ratings",
        "the ending of episode {episodes}",
        "the novel by {person}",
    ],
}
COMPLEMENTS = {
    "fr": [
        "dans un entretien à {outlet}",
        "en conférence à {city}",
        "sur Instagram",
        "{day} dernier",
        "ce {day}",
        "au festival de {city}",
        "dans le podcast de {person2}",
        "devant la presse",
        "avec émotion",
        "sans rien dévoiler",
    ],
    "en": [
        "in an interview with {outlet}",
        "during a panel in {city}",
        "on social media",
        "earlier this month",
        "last {day}",
        "at a festival in {city}",
        "on {person2}'s podcast",
        "before reporters",
        "with obvious emotion",
        "without spoilers",
    ],
}
OUTLETS = {
    "fr": ["Télérama", "Le Parisien", "Première", "Allociné", "Libération"],
    "en": ["Variety", "Deadline", "TVLine", "The Hollywood Reporter", "Vulture"],
}
DAYS = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche".split(),
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
}
PLOT = {
    "fr": [
        "Dans la saison {m}, {person} enquêtait sur une série de disparitions à {city}.",
        "L'intrigue suit une famille recomposée installée près de {city}, entre secrets et rivalités.",
        "Les {episodes} épisodes de la saison {m} avaient réuni en moyenne {viewers} millions de téléspectateurs.",
        "La série est adaptée d'un roman de {person}, publié il y a une dizaine d'années.",
        "{person} y incarne une commissaire obstinée, face à {person2} dans le rôle d'un juge ambitieux.",
    ],
    "en": [
        "In season {m}, {person} investigated a string of disappearances in {city}.",
        "The story follows a blended family in {city}, torn between secrets and rivalries.",
        "The {episodes} episodes of season {m} drew an average of {viewers} million viewers.",
        "The series is adapted from a novel by {person}, published about a decade ago.",
        "{person} stars as a stubborn detective opposite {person2} as an ambitious judge.",
    ],
}
QUOTES = {
    "fr": "« {text} », a déclaré {person}.",
    "en": "“{text},” {person} said.",
}
QUOTE_TEXTS = {
    "fr": [
        "Nous sommes très fiers de ce que l'équipe a accompli",
        "Le public a répondu présent dès le premier soir",
        "Il reste encore beaucoup d'histoires à raconter",
        "Cette saison sera plus sombre que la précédente",
        "Nous avons écrit la fin en pensant aux fans",
    ],
    "en": [
        "We are incredibly proud of what this team has built",
        "The audience showed up from the very first night",
        "There are still so many stories left to tell",
        "This season goes somewhere much darker",
        "We wrote the ending with the fans in mind",
    ],
}
COMMENTS = {
    "fr": [
        "Enfin ! J'attendais cette annonce depuis des mois.",
        "Dommage, la saison précédente était ratée.",
        "Quelqu'un sait si la série sera diffusée en clair ?",
        "Le meilleur polar français de ces dernières années.",
        "Je n'ai jamais compris l'engouement pour cette série.",
    ],
    "en": [
        "Finally! I've been waiting for this news for months.",
        "Shame, the last season was a mess.",
        "Does anyone know when it comes to the UK?",
        "Best crime drama on TV right now.",
        "I never understood the hype around this show.",
    ],
}
BIOS = {
    "fr": "Journaliste séries depuis 2012, fan de polars nordiques et de comédies britanniques.",
    "en": "Senior TV writer covering streaming, renewals and everything in between.",
}
SUBHEADINGS = {
    "fr": ["Une suite très attendue", "Ce que l'on sait déjà", "Un casting de retour", "Des audiences solides"],
    "en": ["A long-awaited return", "What we know so far", "The cast is back", "Strong ratings"],
}
SOCIAL_POSTS = {
    "fr": ["On a hâte de vous montrer la suite 👀", "Merci pour vos messages, on vous lit tous ❤️"],
    "en": ["We can't wait to show you what's next 👀", "Thank you for all your messages ❤️"],
}
SECTIONS = {
    "fr": [
        "Séries",
        "Cinéma",
        "Télévision",
        "Streaming",
        "Audiences",
        "Critiques",
        "People",
        "Musique",
        "Jeux vidéo",
        "Podcasts",
        "Vidéos",
        "Newsletters",
    ],
    "en": [
        "TV",
        "Movies",
        "Streaming",
        "Ratings",
        "Reviews",
        "Awards",
        "Music",
        "Games",
        "Podcasts",
        "Videos",
        "Newsletters",
        "Features",
    ],
}


# pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    kind: str = "other"
    gzipped: bool = False  # the body is gzip-compressed


class NewsSite:
    """The pages of a generated site (or of a folder of real pages), by URL path."""

    def __init__(self, pages: int, html_dir: Path | None = None, seed: int = 1):
        self.pages = pages
        self.seed = seed
        self.real: list[bytes] = load_html_dir(html_dir) if html_dir else []
        rng = random.Random(seed)
        self.series = {lang: _series_names(rng, lang) for lang in ("fr", "en")}
        labels = {
            lang: [w for names in TITLE_WORDS[lang] for name in names for w in name.split()] for lang in ("fr", "en")
        }
        self.furniture = {
            lang: markup.furniture(rng, lang, SITE_NAME[lang], SECTIONS[lang], labels[lang]) for lang in ("fr", "en")
        }
        self._paths: dict[int, str] = {}

    # the site's plan --------------------------------------------------------------

    def lang(self, number: int) -> str:
        return "en" if self.real or number % 5 < 2 else "fr"  # 60 % French, as the bundled sources

    def path(self, number: int) -> str:
        path = self._paths.get(number)
        if path is None:
            path = self._paths[number] = self._path(number)
        return path

    def _path(self, number: int) -> str:
        if self.real:
            return f"/en/news/page-{number}/"
        lang = self.lang(number)
        slug = markup.slug(self.headline(number))[:60].strip("-")
        section = "series" if lang == "fr" else "tv"
        return f"/{lang}/{section}/{slug}-{number}/"

    def published(self, number: int) -> dt.datetime:
        return EPOCH + dt.timedelta(minutes=37 * number)

    def numbers(self, lang: str) -> list[int]:
        return [n for n in range(self.pages) if self.lang(n) == lang]

    def article_paths(self) -> list[str]:
        return [self.path(n) for n in range(self.pages)]

    def sources_toml(self, base: str) -> str:
        """The sources file of this site: a feed and a sitemap index per language."""
        lang = "" if self.real else 'lang = "en"\n'
        english = (
            f'[[source]]\nname = "bench-en"\n{lang}'
            f'feeds = ["{base}/en/rss.xml"]\nsitemaps = ["{base}/robots.txt"]\nallow = ["/en/"]\n'
        )
        if self.real:
            return english
        return (
            f'[[source]]\nname = "bench-fr"\nlang = "fr"\nfeeds = ["{base}/fr/rss.xml"]\n'
            f'sitemaps = ["{base}/fr/sitemap_index.xml"]\nallow = ["/fr/"]\n\n{english}'
        )

    # responses ----------------------------------------------------------------------

    def respond(self, path: str, base: str, rendered: Sequence[bytes]) -> Response:
        """The response to a GET of `path`; articles come from `rendered` (see `render`)."""
        path = path.split("?", 1)[0]
        if path == "/robots.txt":
            body = f"User-agent: *\nDisallow: /search/\n\nSitemap: {base}/en/sitemap_index.xml\n"
            return _static(body.encode(), "text/plain; charset=utf-8", "robots")
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0] in ("fr", "en"):
            lang, name = parts
            if name == "rss.xml":
                return _static(self.feed(lang, base), "application/rss+xml", "feed")
            if name == "sitemap_index.xml":
                return _static(self.sitemap_index(lang, base), "application/xml", "sitemap")
            if name.startswith("sitemap-") and name.endswith(".xml"):
                try:
                    body = self.sitemap(lang, int(name[8:-4]), base)
                except ValueError:
                    body = None
                if body is not None:
                    return _static(body, "application/xml", "sitemap")
        if len(parts) == 3 and parts[0] in ("fr", "en"):
            number = _number(parts[2])
            if number is not None and number < self.pages and self.path(number) == path:
                return Response(200, rendered[number % len(rendered)], kind="article", gzipped=True)
        return Response(404, b"<!doctype html><title>Not found</title><h1>Not found</h1>", kind="missing")

    def render(self, base: str) -> list[bytes]:
        """Every article page, gzip-compressed, by number (real pages: each once). A
        large site is rendered by a process per core; a small one here."""
        if self.real:
            return [_gzip(page) for page in self.real]
        if self.pages <= RENDER_CHUNK:
            return _render_pages(self, base, range(self.pages))
        chunks = [range(start, min(start + RENDER_CHUNK, self.pages)) for start in range(0, self.pages, RENDER_CHUNK)]
        children_skip_main()
        context = multiprocessing.get_context("spawn")  # the caller may run threads: no fork
        with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=context) as pool:
            parts = pool.map(_render_pages, itertools.repeat(self), itertools.repeat(base), chunks)
            return [page for part in parts for page in part]

    def feed(self, lang: str, base: str) -> bytes:
        latest = self.numbers(lang)[-FEED_SIZE:][::-1]
        items = "".join(
            f"<item><title>{html.escape(self.headline(n))}</title><link>{base}{self.path(n)}</link>"
            f"<guid>{base}{self.path(n)}</guid>"
            f"<pubDate>{email.utils.format_datetime(self.published(n), usegmt=True)}</pubDate></item>\n"
            for n in latest
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{html.escape(SITE_NAME[lang])}</title><link>{base}/{lang}/</link>\n{items}</channel></rss>\n"
        ).encode()

    def sitemap_index(self, lang: str, base: str) -> bytes:
        count = -(-len(self.numbers(lang)) // SITEMAP_SIZE)
        entries = "".join(f"<sitemap><loc>{base}/{lang}/sitemap-{k}.xml</loc></sitemap>\n" for k in range(count))
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</sitemapindex>\n'
        ).encode()

    def sitemap(self, lang: str, k: int, base: str) -> bytes | None:
        numbers = self.numbers(lang)[k * SITEMAP_SIZE : (k + 1) * SITEMAP_SIZE]
        if not numbers or k < 0:
            return None
        urls = "".join(
            f"<url><loc>{base}{self.path(n)}</loc><lastmod>{self.published(n).isoformat()}</lastmod></url>\n"
            for n in numbers
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
        ).encode()

    # articles -------------------------------------------------------------------

    def _rng(self, number: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + number)

    def headline(self, number: int) -> str:
        if self.real:
            return f"Page {number}"
        lang = self.lang(number)
        rng = self._rng(number)
        series = rng.choice(self.series[lang])
        platform = rng.choice(PLATFORMS[lang])
        n = rng.randint(2, 6)
        if lang == "fr":
            return rng.choice(
                [
                    f"« {series} » : {platform} commande une saison {n}",
                    f"« {series} » : ce que l'on sait de la saison {n}",
                    f"{platform} : « {series} » s'arrête après {n - 1} saisons",
                    f"« {series} » saison {n} : date de diffusion, casting, intrigue",
                ]
            )
        return rng.choice(
            [
                f"{series} Renewed for Season {n} at {platform}",
                f"{series} Season {n}: Everything We Know",
                f"{platform} Cancels {series} After {n - 1} Seasons",
                f"{series} Season {n} Release Date, Cast and Plot",
            ]
        )

    def article(self, number: int, base: str) -> bytes:
        """The whole page of an article: the site's furniture around the generated story."""
        if self.real:
            return self.real[number % len(self.real)]
        lang = self.lang(number)
        rng = self._rng(number)
        headline = self.headline(number)
        url = base + self.path(number)
        published = self.published(number).isoformat()
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        author_url = f"{base}/auteurs/{markup.slug(author)}/"
        story = self.story(number, rng, lang)
        furniture = self.furniture[lang]
        section = SECTIONS[lang][0]
        title, site = html.escape(headline), html.escape(SITE_NAME[lang])
        description = html.escape(story[0][:180])
        picture = f"{markup.CDN}/img/articles/{number}.jpg"
        tags = rng.sample(self.series[lang], 4)
        related = [
            markup.Teaser(base + self.path(k), self.headline(k), f"{markup.CDN}/img/articles/{k}.jpg", section)
            for k in (max(0, number - d) for d in (1, 2, 3, 5, 8, 13))
        ]
        linked = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline,
            "description": story[0][:180],
            "image": {"@type": "ImageObject", "url": picture, "width": 1280, "height": 720},
            "datePublished": published,
            "dateModified": published,
            "author": {"@type": "Person", "name": author, "url": author_url},
            "publisher": {"@type": "Organization", "name": SITE_NAME[lang], "logo": f"{markup.CDN}/logo.png"},
            "mainEntityOfPage": url,
            "articleSection": section,
            "keywords": tags,
        }
        crumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": SITE_NAME[lang], "item": f"{base}/{lang}/"},
                {"@type": "ListItem", "position": 2, "name": section, "item": f"{base}/{lang}/{markup.slug(section)}/"},
                {"@type": "ListItem", "position": 3, "name": headline},
            ],
        }
        # the page state of a client-rendered site: the article once more, as data
        state = {"props": {"article": {"id": number, "title": headline, "body": story, "tags": tags}}, "page": url}
        head = (
            f"<title>{title} – {site}</title>\n"
            f'<meta name="description" content="{description}">\n<link rel="canonical" href="{url}">\n'
            f'<meta property="og:type" content="article">\n<meta property="og:title" content="{title}">\n'
            f'<meta property="og:description" content="{description}">\n<meta property="og:url" content="{url}">\n'
            f'<meta property="og:image" content="{picture}">\n<meta property="og:image:width" content="1280">\n'
            f'<meta property="og:image:height" content="720">\n<meta property="og:site_name" content="{site}">\n'
            f'<meta property="article:published_time" content="{published}">\n'
            f'<meta property="article:modified_time" content="{published}">\n'
            f'<meta property="article:section" content="{section}">\n'
            + "".join(f'<meta property="article:tag" content="{html.escape(tag)}">\n' for tag in tags[:3])
            + f'<meta name="twitter:title" content="{title}">\n'
            f'<meta name="twitter:description" content="{description}">\n'
            f'<meta name="twitter:image" content="{picture}">\n<meta name="author" content="{author}">\n'
            f'<script type="application/ld+json">{json.dumps(linked, ensure_ascii=False)}</script>\n'
            f'<script type="application/ld+json">{json.dumps(crumbs, ensure_ascii=False)}</script>\n</head>\n'
        )
        paragraphs = self._paragraphs(story, lang, base)
        paragraphs.insert(3, markup.ad_slot(rng, "inread-1", "[[300,250],[640,360]]"))
        read_also = related[rng.randrange(len(related))]
        paragraphs.insert(
            6,
            f'<div class="{markup.classes(rng, "read-also", 2)}"><span class="read-also__label">'
            f"{'À lire aussi' if lang == 'fr' else 'Read also'}</span> "
            f'<a class="read-also__link" href="{read_also.url}">{html.escape(read_also.headline)}</a></div>',
        )
        paragraphs.insert(9, markup.video_player(rng, picture, story[2][:80]))
        for position, subheading in zip((4, 8), rng.sample(SUBHEADINGS[lang], 2), strict=True):
            paragraphs.insert(position, f"<h2>{html.escape(subheading)}</h2>")
        paragraphs.insert(
            6,
            f'<figure class="{markup.classes(rng, "article__inline-figure", 1)}">'
            f"{markup.image(rng, f'{markup.CDN}/img/articles/{number}-2.jpg', headline, 'article__inline-image')}"
            f"<figcaption>{html.escape(story[-1][:70])} © {site}</figcaption></figure>",
        )
        paragraphs.insert(11, markup.social_post(rng, rng.choice(SOCIAL_POSTS[lang]), self.published(number)))
        paragraphs.append(markup.ad_slot(rng, "inread-2", "[[300,250],[640,360]]"))
        byline = "Par" if lang == "fr" else "By"
        share = "".join(
            f'<a class="share__link share__link--{name}" href="https://{name}.example/share?u={url}" '
            f'rel="noopener" target="_blank">{markup.icon(name)}<span class="sr-only">{name}</span></a>'
            for name in markup.ICONS[3:8]
        )
        tag_list = "".join(
            f'<li class="tags__item"><a href="{base}/{lang}/tag/{markup.slug(tag)}/">{html.escape(tag)}</a></li>'
            for tag in tags
        )
        cards = "".join(markup.teaser_card(rng, teaser) for teaser in related)
        comments = "".join(
            f'<li class="comment"><div class="comment__author"><span>{rng.choice(FIRST_NAMES)}</span></div>'
            f'<p class="comment__text">{html.escape(rng.choice(COMMENTS[lang]))}</p></li>'
            for _ in range(rng.randint(2, 8))
        )
        body = (
            f'<nav class="{markup.classes(rng, "breadcrumb", 1)}" aria-label="breadcrumb"><ol>'
            f'<li><a href="{base}/{lang}/">{site}</a></li>'
            f'<li><a href="{base}/{lang}/{markup.slug(section)}/">{section}</a></li>'
            f"<li><span>{title}</span></li></ol></nav>\n"
            f'<article class="{markup.classes(rng, "article", 2)}">'
            f'<div class="{markup.classes(rng, "article__wrapper", 1)}">'
            f'<header class="{markup.classes(rng, "article__header", 2)}">'
            f'<span class="article__kicker">{section}</span>'
            f'<h1 class="{markup.classes(rng, "article__title", 2)}">{title}</h1>'
            f'<div class="{markup.classes(rng, "article__meta", 3)}"><div class="article__byline">{byline} '
            f'<a rel="author" href="{author_url}">{author}</a></div>'
            f'<time class="article__date" datetime="{published}">{published[:10]}</time></div>'
            f'<div class="{markup.classes(rng, "share", 2)}">{share}</div></header>'
            f'<figure class="{markup.classes(rng, "article__figure", 1)}"><div class="article__media">'
            f"{markup.image(rng, picture, headline, 'article__image')}</div>"
            f'<figcaption class="article__caption">{html.escape(story[1][:90])} © {site}</figcaption></figure>\n'
            f'<div class="{markup.classes(rng, "article__body", 3)}">\n' + "\n".join(paragraphs) + "\n</div>"
            f'<div class="{markup.classes(rng, "tags", 1)}"><ul class="tags__list">{tag_list}</ul></div>'
            f"{markup.author_box(rng, author, author_url, BIOS[lang])}"
            f"</div></article>\n{markup.sponsored_links(rng, self.series[lang])}\n<!-- related -->\n"
            f'<aside class="{markup.classes(rng, "related", 2)}"><h2 class="section-title">'
            f"{'À lire aussi' if lang == 'fr' else 'Read more'}</h2>"
            f'<div class="{markup.classes(rng, "related__grid", 3)}">'
            f"{cards}</div></aside>\n"
            f'<section class="{markup.classes(rng, "comments", 1)}"><h2 class="section-title">'
            f"{'Commentaires' if lang == 'fr' else 'Comments'}</h2><ol>{comments}</ol></section>\n"
            f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state, ensure_ascii=False)}</script>\n'
        )
        return "".join((furniture.head, head, furniture.top, markup.laid_out(body), furniture.bottom)).encode()

    def _paragraphs(self, story: list[str], lang: str, base: str) -> list[str]:
        """The story as the page's paragraphs, with the inline markup of the press: titles of
        series in italics, linked to their tag page where first named; platforms linked."""
        text = " ".join(story)
        names = [name for name in (*self.series[lang], *PLATFORMS[lang]) if name in text]
        alternatives = [re.escape(html.escape(name)) for name in sorted(names, key=len, reverse=True)]
        mention = re.compile("|".join([*alternatives, PERSON.pattern]))
        linked: set[str] = set()

        def markup_of(match: re.Match) -> str:
            name = match.group(0)
            if PERSON.fullmatch(name):
                if name in linked or len(linked) >= MAX_INLINE_LINKS:
                    return name
                linked.add(name)
                return f'<a href="{base}/{lang}/personnalites/{markup.slug(name)}/"><strong>{name}</strong></a>'
            styled = name if name in PLATFORMS[lang] else f"<em>{name}</em>"
            if name in linked:
                return styled
            linked.add(name)
            return f'<a href="{base}/{lang}/tag/{markup.slug(html.unescape(name))}/">{styled}</a>'

        return [f"<p>{mention.sub(markup_of, html.escape(paragraph))}</p>" for paragraph in story]

    def story(self, number: int, rng: random.Random, lang: str) -> list[str]:
        """The article's paragraphs: 2 or 3 facts among context, plot, quotes and commentary."""
        series = [rng.choice(self.series[lang]) for _ in range(3)]

        choice, randint = rng.choice, rng.randint
        slots = {
            "series": lambda: series[0],
            "platform": lambda: choice(PLATFORMS[lang]),
            "n": lambda: randint(2, 7),
            "m": lambda: randint(1, 6),
            "ordinal": lambda: choice(ORDINALS[lang][2:]),
            "day": lambda: choice(DAYS[lang]),
            "city": lambda: choice(CITIES[lang]),
            "episodes": lambda: choice((6, 8, 10, 12)),
            "viewers": lambda: f"{randint(2, 9)},{randint(0, 9)}",
            "person": lambda: f"{choice(FIRST_NAMES)} {choice(LAST_NAMES)}",
            "person2": lambda: f"{choice(FIRST_NAMES)} {choice(LAST_NAMES)}",
            "outlet": lambda: choice(OUTLETS[lang]),
            "date": lambda: (
                f"{randint(1, 28)} {choice(MONTHS['fr'])} 2026"
                if lang == "fr"
                else f"{choice(MONTHS['en'])} {randint(1, 28)}, 2026"
            ),
        }

        class Slots(dict):
            def __missing__(self, key: str) -> str:
                value = self[key] = slots[key]()
                return value

        def fill(template: str) -> str:
            return template.format_map(Slots())

        def commentary() -> str:
            return fill(
                f"{rng.choice(SUBJECTS[lang])} {rng.choice(VERBS[lang])} {rng.choice(OBJECTS[lang])} "
                f"{rng.choice(COMPLEMENTS[lang])}."
            )

        paragraphs = []
        facts = rng.sample(FACTS[lang], rng.randint(2, 3))
        # a sentence of a pool appears at most once per article: two articles then share
        # about as many word sequences as two real articles on one topic, not whole paragraphs
        plots = rng.sample(PLOT[lang], 2)
        quotes = rng.sample(QUOTE_TEXTS[lang], 2)
        for index in range(rng.randint(8, 13)):
            sentences = [commentary() for _ in range(rng.randint(2, 4))]
            if index < len(facts):
                sentences.insert(0, fill(facts[index]))
            if index % 3 == 1 and plots:
                sentences.append(fill(plots.pop()))
            if index % 4 == 2 and quotes:
                sentences.append(QUOTES[lang].format(text=quotes.pop(), person=fill("{person}")))
            if rng.random() < 0.3:
                series.insert(0, series.pop())  # a neighbouring series takes the stage
            paragraphs.append(" ".join(sentences))
        return paragraphs


def _render_pages(site: NewsSite, base: str, numbers: range) -> list[bytes]:
    return [_gzip(site.article(number, base)) for number in numbers]


def _gzip(page: bytes) -> bytes:
    return gzip.compress(page, COMPRESSION_LEVEL, mtime=0)  # mtime 0: the same bytes in every run


def _static(body: bytes, content_type: str, kind: str) -> Response:
    return Response(200, body, content_type, '"' + hashlib.sha1(body).hexdigest()[:20] + '"', kind)


def _number(segment: str) -> int | None:
    tail = segment.rsplit("-", 1)[-1] if "-" in segment else segment
    return int(tail) if tail.isdigit() else None


def _series_names(rng: random.Random, lang: str) -> list[str]:
    first, second = TITLE_WORDS[lang]
    return [f"{a} {b}" for a in first for b in second]


def load_html_dir(folder: Path) -> list[bytes]:
    """The pages of a folder of real HTML (`.html`, `.htm` or gzipped `.html.gz`), by name."""
    pages = []
    for path in sorted(Path(folder).iterdir()):
        name = path.name.lower()
        if name.endswith((".html.gz", ".htm.gz")):
            pages.append(gzip.decompress(path.read_bytes()))
        elif name.endswith((".html", ".htm")):
            pages.append(path.read_bytes())
    if not pages:
        raise ValueError(f"{folder}: no .html or .html.gz file")
    return pages


# the server -------------------------------------------------------------------------


class SiteServer:
    """Serves a NewsSite on 127.0.0.1 from an asyncio loop in a background thread.

    Counts responses by kind and status (`counts[("article", 200)]`), so that a
    benchmark can check what a crawl downloaded.
    """

    def __init__(self, site: NewsSite):
        self.site = site
        self.counts: Counter[tuple[str, int]] = Counter()
        self.base_url = ""
        self.rendered: list[bytes] = []
        self._other: dict[str, Response] = {}  # feeds, sitemaps, robots.txt: made once
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None

    def __enter__(self) -> SiteServer:
        listening = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{listening.getsockname()[1]}"
        self.rendered = self.site.render(self.base_url)  # the pages link to the site's own address
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self._server = loop.run_until_complete(asyncio.start_server(self._connection, sock=listening))
            ready.set()
            loop.run_forever()
            self._server.close()
            loop.run_until_complete(self._server.wait_closed())
            loop.close()

        self._thread = threading.Thread(target=serve, name="bench-site", daemon=True)
        self._thread.start()
        ready.wait()
        return self

    def __exit__(self, *exc) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self.rendered, self._other = [], {}  # both hold links to this serving's address

    def _respond(self, target: str) -> Response:
        path = target.split("?", 1)[0]
        response = self._other.get(path)
        if response is None:
            response = self.site.respond(path, self.base_url, self.rendered)
            if response.kind != "article":
                self._other[path] = response
        return response

    def reset_counts(self) -> None:
        self._loop.call_soon_threadsafe(self.counts.clear)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.counts[("connection", 0)] += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target = (lines[0].split(" ") + ["", ""])[:2]
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name:
                        headers[name.strip().lower()] = value.strip()
                response = self._respond(target)
                status, body = response.status, response.body
                extra = ""
                if response.gzipped:
                    if "gzip" in headers.get("accept-encoding", ""):
                        extra = "Content-Encoding: gzip\r\n"
                    else:
                        body = gzip.decompress(body)
                if response.etag:
                    extra += f"ETag: {response.etag}\r\nLast-Modified: {LAST_MODIFIED}\r\n"
                    if headers.get("if-none-match") == response.etag:
                        status, body = 304, b""
                self.counts[(response.kind, status)] += 1
                reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
                length = f"Content-Length: {len(body)}\r\n" if status != 304 else ""
                head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {response.content_type}\r\n{length}{extra}\r\n"
                writer.write(head.encode("latin-1"))
                if method != "HEAD" and body:
                    writer.write(body)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except ConnectionError:
            return
        finally:
            writer.close()
