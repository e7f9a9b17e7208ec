"""Word lists: numbers and ordinals (FR/EN), months, stopwords, common capitalised words."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- numbers

_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = {20: "twenty", 30: "thirty", 40: "forty"}
_EN_ORD_UNITS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_EN_ORD_TENS = {20: "twentieth", 30: "thirtieth", 40: "fortieth"}

_FR_UNITS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "dix-sept",
    "dix-huit",
    "dix-neuf",
]
_FR_TENS = {20: "vingt", 30: "trente", 40: "quarante"}


def _fr_ordinal(word: str) -> str:
    if word == "un":
        return "unième"
    if word == "cinq":
        return "cinquième"
    if word == "neuf":
        return "neuvième"
    if word.endswith("e"):
        return word[:-1] + "ième"
    return word + "ième"


CARDINALS: dict[str, int] = {}
ORDINALS: dict[str, int] = {}

for _n in range(1, 41):
    if _n < 20:
        en = _EN_UNITS[_n]
        en_ord = _EN_ORD_UNITS[_n]
        fr = _FR_UNITS[_n]
    else:
        tens, unit = (_n // 10) * 10, _n % 10
        if unit == 0:
            en, en_ord, fr = _EN_TENS[tens], _EN_ORD_TENS[tens], _FR_TENS[tens]
        else:
            en = f"{_EN_TENS[tens]}-{_EN_UNITS[unit]}"
            en_ord = f"{_EN_TENS[tens]}-{_EN_ORD_UNITS[unit]}"
            fr = f"{_FR_TENS[tens]}-et-un" if unit == 1 else f"{_FR_TENS[tens]}-{_FR_UNITS[unit]}"
    CARDINALS[en] = _n
    ORDINALS[en_ord] = _n
    if _n > 1:
        CARDINALS[fr] = _n
    if _n == 1:
        ORDINALS["premier"] = 1
        ORDINALS["première"] = 1
    else:
        if fr.endswith("-et-un"):
            ordw = fr[:-2] + "unième"
        else:
            parts = fr.split("-")
            parts[-1] = _fr_ordinal(parts[-1])
            ordw = "-".join(parts)
        ORDINALS[ordw] = _n
        ORDINALS[ordw.replace("è", "e")] = _n
        if "-" in ordw:
            ORDINALS[ordw.replace("-", " ")] = _n
        if "-" in fr:
            CARDINALS[fr.replace("-", " ")] = _n
    if "-" in en:
        CARDINALS[en.replace("-", " ")] = _n
        ORDINALS[en_ord.replace("-", " ")] = _n

ORDINALS.update({"second": 2, "seconde": 2, "sophomore": 2, "freshman": 1})
CARDINALS.update({"vingt et un": 21, "trente et un": 31, "une": 1, "a single": 1, "single": 1})
CARDINALS.pop("zero", None)

# digit ordinals are handled by a regex: 2nd, 3rd, 4th, 2e, 2ème, 2eme, 2nde, 1er, 1ère, 1re
DIGIT_ORDINAL = r"\d{1,2}(?:st|nd|rd|th|ème|eme|ème|è|e|nde|nd|er|ère|re)"


_RX_NUMBER_VALUE_1 = re.compile(r"(\d{1,2})(?:st|nd|rd|th|ème|eme|è|e|nde|nd|er|ère|re)")


def number_value(token: str) -> int | None:
    """Value of a cardinal or ordinal token (digits, words, 2nd, 2e...)."""
    t = token.strip().lower().replace("\u2019", "'")
    if not t:
        return None
    if t.isdigit():
        v = int(t)
        return v if 0 < v < 100 else None
    m = _RX_NUMBER_VALUE_1.fullmatch(t)
    if m:
        v = int(m.group(1))
        return v if v > 0 else None
    if t in ORDINALS:
        return ORDINALS[t]
    if t in CARDINALS:
        return CARDINALS[t]
    t2 = t.replace(" ", "-")
    return ORDINALS.get(t2) or CARDINALS.get(t2)


def ordinal_value(token: str) -> int | None:
    """Value of an ordinal token only (2nd, 2e, second, deuxième)."""
    t = token.strip().lower()
    m = _RX_NUMBER_VALUE_1.fullmatch(t)
    if m:
        v = int(m.group(1))
        return v if v > 0 else None
    return ORDINALS.get(t) or ORDINALS.get(t.replace(" ", "-"))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


ORDINAL_WORDS_RE = _alternation(k for k in ORDINALS if k not in ("sophomore", "freshman"))
CARDINAL_WORDS_RE = _alternation(k for k in CARDINALS if k not in ("a single", "single"))

# --------------------------------------------------------------------------- months

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "janvier", "jan"),
        ("february", "février", "fevrier", "feb"),
        ("march", "mars", "mar"),
        ("april", "avril", "apr"),
        ("may", "mai"),
        ("june", "juin", "jun"),
        ("july", "juillet", "jul"),
        ("august", "août", "aout", "aug"),
        ("september", "septembre", "sept", "sep"),
        ("october", "octobre", "oct"),
        ("november", "novembre", "nov"),
        ("december", "décembre", "decembre", "dec"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _i

MONTH_RE = _alternation(MONTHS)
# full month names only (abbreviations are ambiguous words: "may", "mar")
MONTH_FULL_RE = (
    _alternation(k for k in MONTHS if len(k) > 3 and k not in ("sept",))
    + "|mai|may|sept\\.?|sep\\.|oct\\.|nov\\.|dec\\.|jan\\.|feb\\.|aug\\.|apr\\."
)

WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
)

YEAR_SEASONS = {  # season of the year -> approximate month (used for "next" resolution)
    "spring": 4,
    "summer": 7,
    "fall": 10,
    "autumn": 10,
    "winter": 1,
    "printemps": 4,
    "été": 7,
    "automne": 10,
    "hiver": 1,
    "rentrée": 9,
    "rentree": 9,
}

# --------------------------------------------------------------------------- stopwords

STOP_FR = frozenset(
    """
le la les des est une et du dans pour qui que sur pas avec au aux sera cette ses son sa
ce il elle ils elles nous vous leur mais ou donc car ne plus été être avoir fait sont
ont était aussi encore déjà très bien après avant chez depuis lors dont où
""".split()
)
STOP_EN = frozenset(
    """
the and is of to in for with that will has was on its this be are have it by from at
as an but not or which who their they been had would can also more after new than
""".split()
)

# Capitalised words that begin sentences or name things other than series.
COMMON_CAPS = frozenset(
    w.lower()
    for w in """
The A An In On At To For Of And But Or So If As It Its This That These Those There Here
When While After Before Since Until Although Though However Meanwhile Also Still Yet Now
Then Last Next Later Earlier Today Tonight Yesterday Tomorrow Finally First Second Third
We I You He She They Our Your His Her Their My Me Us Him Them What Who Why How Which Where
Not No Yes Some Many Most More All Both Each Every Any Other Another Such One Two Three
Le La Les L Un Une Des Du De Ce Cette Ces Cet Il Elle Ils Elles On Nous Vous Je Tu Mais
Et Ou Donc Or Ni Car Si Quand Alors Ainsi Après Avant Depuis Pendant Pour Par Avec Sans
Sur Sous Dans Entre Chez Vers Selon Comme Lorsque Puis Enfin Aussi Encore Déjà Désormais
Pourtant Cependant Néanmoins Toutefois Certes Bref Voici Voilà Oui Non Qui Que Quoi Dont
Où Quel Quelle Quels Quelles Lequel Laquelle Tout Toute Tous Toutes Chaque Plusieurs
Certains Certaines Aucun Aucune Autre Autres Même Mêmes Son Sa Ses Leur Leurs Notre Nos
Votre Vos Mon Ma Mes Au Aux Du En Ici Là Là-bas Hier Demain Aujourd Ce Ça Cela Ceci
Season Seasons Saison Saisons Series Série Séries Episode Episodes Épisode Épisodes Part
Partie Chapter Chapitre Volume Finale Premiere Première Pilot Pilote Show Shows Spin-off
TV Télé Television Télévision Photo Photos Image Images Credit Crédit Copyright Video Vidéo
Source Sources Via Read Lire Voir See Click Cliquez Share Partager Subscribe Abonnez Sign
Advertisement Publicité Publicite Menu Accueil News Actu Actualité Actualités Tag Tags
Archives Archive Category Catégorie Rights Reserved Related Trending Tendances Final Finals
Anime Animé Manga Drama Dramas Comedy Comédie Sitcom Reality Docuseries Documentary Documentaire
SVOD VOD SVoD AVOD FAST TCA WGA NFL NBA MLB NHL DC CEO COO President Président Director
Sept Aug Oct Nov Dec Jan Feb Apr Jun Jul Mondays Tuesdays Wednesdays Thursdays Fridays
Saturdays Sundays Updated Update Exclusive Breaking Watch Stream Streaming Trailer Teaser
None Aucun Aucune Nothing Rien Everything Tout Yes Oui
Update Updates Mise Ã Mr Mrs Ms Dr Sir Lady Lord Madame Monsieur Mme M Mlle
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Lundi Mardi Mercredi Jeudi
Vendredi Samedi Dimanche January February March April May June July August September
October November December Janvier Février Fevrier Mars Avril Mai Juin Juillet Août Aout
Septembre Octobre Novembre Décembre Decembre Spring Summer Fall Autumn Winter Printemps
Été Ete Automne Hiver Christmas Noël Halloween Thanksgiving Easter Pâques
US USA U.S. UK U.K. Netflix Amazon Apple Disney Warner Bros
Universal Sony Paramount Lionsgate Studio Studios Productions Production Entertainment
Pictures Television Network Networks Media Group Groupe Inc Corp Company
Oscar Oscars Emmy Emmys Golden Globe Globes Bafta BAFTA César Césars Cannes Venice Berlinale
Comic-Con Comic Con Upfronts Upfront Festival Awards Award Prix
Twitter X Instagram Facebook TikTok YouTube Reddit Threads Bluesky Google
Covid Covid-19 COVID COVID-19 Coronavirus WGA SAG-AFTRA SAG AFTRA AMPTP
Marvel
Ms. Mr. Dr. St.
Cancelled Canceled Renewed Ended Ending Annulée Annulées Renouvelée Renouvelées
Official Officiel Officielle Officially Officiellement Breaking Exclusive Exclusif
Deadline Variety
Like Unlike Perhaps Unfortunately Fortunately Obviously Hopefully Basically Interestingly Following Despite
Including Given According During Among Amid Malgré Grâce Concernant Côté Outre Mieux Reste Rappelons
Notons Surtout Seulement Certainly Clearly Indeed Actually Apparently Reportedly Sadly Luckily Ultimately
Instead Otherwise Still Moreover Furthermore Besides Regardless Overall Plus Ensuite Également Évidemment
Heureusement Malheureusement Visiblement Apparemment Bien Entre-temps Lors Dès Hormis Sauf Vu Via
""".split()
)

# Outlets, agencies and sites: never series titles (attributions).
OUTLETS = frozenset(
    w.lower()
    for w in [
        "Variety",
        "Deadline",
        "The Hollywood Reporter",
        "Hollywood Reporter",
        "THR",
        "TVLine",
        "TV Line",
        "Entertainment Weekly",
        "EW",
        "IndieWire",
        "Indiewire",
        "Collider",
        "Vulture",
        "The Wrap",
        "TheWrap",
        "Screen Rant",
        "ScreenRant",
        "Radio Times",
        "Digital Spy",
        "The Guardian",
        "Guardian",
        "The Telegraph",
        "Telegraph",
        "Time",
        "Time magazine",
        "The New York Times",
        "New York Times",
        "The Independent",
        "Independent",
        "BuzzFeed",
        "Page Six",
        "TV Insider",
        "TVInsider",
        "Cosmopolitan",
        "Cosmopolitan UK",
        "Rotten Tomatoes",
        "Metacritic",
        "IMDb",
        "Allociné",
        "AlloCiné",
        "Allocine",
        "Télé Loisirs",
        "Télé-Loisirs",
        "Télé Star",
        "Télé 7 Jours",
        "Télérama",
        "Télé 2 Semaines",
        "Le Figaro",
        "Figaro",
        "Le Parisien",
        "Le Monde",
        "Libération",
        "Paris Match",
        "20 Minutes",
        "20 minutes",
        "Puremédias",
        "Puremedias",
        "Ozap",
        "Satellifax",
        "Médiamétrie",
        "Mediametrie",
        "Toutelatele",
        "Programme TV",
        "TV Magazine",
        "Première",
        "Premiere",
        "Konbini",
        "Numerama",
        "Les Echos",
        "Le Point",
        "L'Express",
        "Ouest-France",
        "Franceinfo",
        "France Info",
        "Cinemablend",
        "CinemaBlend",
        "Comicbook",
        "ComicBook.com",
        "Nielsen",
        "Comscore",
        "Box Office Mojo",
        "Bloomberg",
        "Reuters",
        "AP",
        "AFP",
        "CNN",
        "Forbes",
        "The Verge",
        "Polygon",
        "IGN",
        "Kotaku",
        "Gamesradar",
        "GamesRadar",
        "Anime News Network",
        "Crunchyroll News",
        "Sugoi LITE",
        "Cartermatt",
        "TV Fanatic",
        "TVFanatic",
        "Gizmodo",
        "Io9",
        "Mashable",
        "Slate",
        "Salon",
        "Rolling Stone",
        "People",
        "Us Weekly",
        "TMZ",
        "E! News",
        "E! Online",
        "Daily Mail",
        "The Sun",
        "Mirror",
        "Metro",
        "Express",
        "The Times",
        "BBC News",
        "Sky News",
        "Le Film Français",
        "Ecran Large",
        "Écran Large",
        "Serieously",
        "Melty",
        "Purebreak",
        "Télé-Star",
        "Voici",
        "Gala",
        "Closer",
        "Elle",
    ]
)

# Words that name film rather than television (film news is not series news).
FILM_WORDS_RE = (
    r"\b(?:film|films|movie|movies|flick|long[- ]m[ée]trage|longs[- ]m[ée]trages|box[- ]office|"
    r"cin[ée]ma|cin[ée]mas|salles? obscures|en salles?|dans les salles|in theaters|in theatres|"
    r"theatrical|blockbuster|entr[ée]es|opening weekend|weekend box|biopic|r[ée]alisateur|"
    r"director|oscar|oscars|palme d'or|cannes|venice film|sundance)\b"
)
TV_WORDS_RE = (
    r"\b(?:s[ée]ries?|season|seasons|saisons?|episodes?|[ée]pisodes?|show|shows|sitcom|"
    r"network|cha[iî]ne|streamer|streaming|showrunner|anime|t[ée]l[ée]vis[ée]e?|tv|renewed|"
    r"cancell?ed|renouvel[ée]e?s?|annul[ée]e?s?|premiere|drama|comedy|docuseries|reality)\b"
)

# A compact list of common given names (EN/FR), to recognise "Firstname Lastname".
FIRST_NAMES = frozenset(
    w.lower()
    for w in """
Aaron Adam Adrian Adrien Agnès Aidan Alain Alan Albert Alex Alexa Alexandra Alexandre
Alexis Alfred Alice Alicia Alison Allison Amanda Amber Amelia Amy Andrea Andrew Andy Angela
Angelina Anna Anne Annie Anthony Antoine Antonio Arnaud Arthur Ashley Audrey Aurélie Austin
Barbara Ben Benedict Benjamin Benoît Bernard Beth Betty Bill Billy Bob Bobby Brad Bradley
Brandon Brenda Brian Bruce Bruno Bryan Caleb Camille Carl Carlos Carol Caroline Carrie
Casey Catherine Cécile Céline Charles Charlie Charlotte Chloé Chloe Chris Christian
Christina Christine Christophe Christopher Claire Clara Claude Claudia Clément Colin
Connor Craig Cynthia Damian Damien Dan Dana Daniel Danielle Danny Dave David Dean Debbie
Debora Deborah Denis Dennis Derek Diana Diane Dominic Dominique Donald Doug Douglas Drew
Dustin Dylan Ed Eddie Edward Edie Elaine Eleanor Elena Eli Elizabeth Ella Elle Ellen
Elliot Elliott Elsa Emily Emma Emmanuel Eric Éric Erica Erik Erin Ethan Eva Evan Fabien
Fabienne Fanny Felicity Florence Florian Frances Francis Franck François Frank Fred
Frédéric Gabriel Gabriella Gary Gavin George Georges Georgina Gérard Gilles Gillian Gina
Grace Greg Grégory Guillaume Hailey Hannah Harry Harrison Hayley Heather Heidi Helen
Hélène Henri Henry Hugh Hugo Hugues Ian Isaac Isabelle Jack Jackie Jacob Jacques Jake
James Jamie Jane Janet Jared Jason Jean Jeanne Jeff Jeffrey Jenna Jennifer Jenny Jeremy
Jérôme Jessica Jim Jimmy Joan Joanna Jodie Joe Joel Joey John Johnny Jon Jonathan Jordan
Joseph Josh Joshua Julia Julian Julie Julien Justin Kaley Karen Kate Katherine Kathleen
Kathryn Katie Keith Kelly Ken Kenneth Kevin Kim Kristen Kristin Kunal Kyle Laura Lauren
Laurence Laurent Lea Léa Lee Leonard Liam Lily Linda Lisa Louis Louisa Louise Lucas Lucie
Lucy Luke Madison Malin Marc Margaret Margot Maria Marie Marina Mark Martin Mary Mathieu
Matt Matthew Maxime Megan Meghan Melissa Michael Michel Michele Michèle Michelle Miguel
Mike Mila Millie Molly Monica Morgan Nadia Nancy Natalie Natasha Nathalie Nathan Neil
Nicholas Nick Nicolas Nicole Nina Noah Noémie Olivia Olivier Oliver Owen Pamela Pascal
Patricia Patrick Paul Paula Pauline Penn Peter Peyton Philip Philippe Phoebe Pierre
Rachel Ralph Raymond Rebecca Renée Richard Rick Rita Rob Robert Robin Roger Ron Rose Ross
Roy Ruby Russell Ruth Ryan Sam Samantha Samuel Sandra Sarah Sara Scott Sean Sébastien
Seth Shane Sharon Shawn Sheldon Simon Sophia Sophie Stacey Stéphane Stephanie Stephen
Steve Steven Susan Suzanne Sylvie Taylor Ted Teresa Terry Thierry Thomas Tim Timothy Tina
Todd Tom Tommy Tony Tyler Valérie Vanessa Véronique Victor Victoria Vincent Virginie
Walter Wendy Will William Yves Zach Zachary Zoe Zoé Zendaya Keri Jenna Penn Ioan Jodie
Abby Abigail Ada Adèle Agathe Ahmed Aidan Aisha Alba Albane Alec Aleksander Alfie Ali Alicia Alina Alix Alyssa
Amandine Amélie Amira Anaïs Anastasia Andy Angèle Anita Anouk Antony Archie Aria Ariane Ariel Arnold Asa Astrid
Aubrey Audra Aurélien Ava Axel Aymeric Barry Bastien Baptiste Béatrice Bella Bérénice Bertrand Beth Bianca Billie
Blake Bo Brendan Brenda Bridget Brie Brittany Brooke Bryce Caitlin Callum Calvin Cameron Candice Cara Carla Carmen
Casey Cassandra Cate Cecilia Chad Chance Chanel Charlize Chase Cherry Chiara Christie Christy Chuck Ciara Clémence
Cole Colton Connie Constance Corentin Cory Courteney Courtney Cristina Curtis Cyril Daisy Dakota Dale Damon Dani
Daphne Darren Dax Delphine Demi Denzel Derek Desmond Dev Devon Diane Diego Dominic Donna Dora Drew Duncan Dwayne
Dylan Edgar Edie Édith Eleanor Elijah Elisabeth Élise Elliott Eloise Elsa Emile Émile Emilia Emmy Enzo Ethan Eugene
Eugénie Eva Evangeline Evelyn Ewan Fabrice Faye Felix Félix Fiona Florent Frankie Freddie Gael Gaël Gaspard Gemma
Geneviève Gilbert Gillian Gina Giovanna Glenn Gloria Gordon Grant Greta Gwendoline Gwyneth Hailee Hal Hank Harriet
Harvey Hayden Heath Hector Helena Henri Hilary Holly Hope Howard Hugh Iain Idris Imogen Ines Inès Ingrid Irène
Iris Isa Isabel Isabella Isla Issa Ivan Ivy Jada Jaden Jake Jamal Jamie Janelle Jared Jasmine Javier Jay Jayden
Jean-Claude Jean-Luc Jean-Marc Jean-Pierre Jeffrey Jemima Jensen Jeremy Jesse Jill Jodie Joël Joëlle Jolene Jonah
Jonas Josephine Joy Joyce Juan Jude Judith Judy Jules Juliette June Justine Kaitlyn Kara Karim Kat Kay Kaya Keanu
Keira Kelsey Kendall Kenji Kerry Kiefer Kieran Kirk Kirsten Kit Kris Kristy Kyle Lacey Lana Lance Lara Larry Laurène
Laverne Leah Léo Leon Léon Léonie Lewis Lex Lily Lina Lindsay Lionel Liv Liz Logan Lola Lorenzo Lori Lou Luc Lucas
Lucile Lucille Luis Luna Lupita Lydia Mackenzie Madeleine Mae Maggie Mahershala Maisie Malcolm Mandy Manon Marcel
Marcus Margot Mariah Marianne Marion Marisa Marlon Martine Mathilde Matilda Maura Maurice Max Maya Meryl Mia Michaela
Miles Millie Milo Mindy Miranda Mireille Misha Mo Mohamed Mollie Morgane Muriel Myriam Nadine Naomi Nat Nate Neve
Nia Nico Nikki Nina Noah Noel Noël Noémie Nora Norman Octavia Odile Olga Olivier Omar Orlando Oscar Otis Paige Pam
Paolo Pascale Patrice Patti Pedro Penelope Percy Perrine Phil Philippa Piper Pippa Quentin Quinn Rachida Rafael
Raj Ralph Rami Raphaël Rebel Reese Regina Rémi Renée Rhys Ricky Riley Rob Robbie Roberto Robyn Rocco Rodrigo Roman
Romain Rosa Rosamund Rose Rosie Rowan Roxane Rupert Ryan Sabrina Sacha Sadie Salma Sally Salomé Sam Sami Samira
Sanaa Sandra Sasha Scarlett Sean Sebastian Selena Selina Sera Serena Shannon Sharon Shawn Sienna Simone Sofia Solène
Sonia Spencer Stacy Stella Stellan Sterling Steve Susie Suzanne Sydney Sylvester Tamara Tanya Tara Tatiana Teddy
Tessa Théo Theo Thibault Tilda Timothée Tobias Toby Tomer Tracy Travis Trevor Tristan Tyra Uma Ursula Valentin
Valentina Vanessa Vera Véra Veronica Vince Vincent Viola Violet Virginia Vivian Wanda Warren Wayne Wendell Whitney
Will Willa Winona Wyatt Xavier Yael Yann Yasmine Yolande Yvonne Zac Zack Zadie Zara Zelda Zoey Zooey Kei Ao Shonda
Marcia Elizabeth Kristy Nicholas Caroline Harry Hugo Gérard Lee Sarah Siobhan Kunal Simon Johnny Kaley Jim Bill
Kelly Taylor Colin Rachel Matthew Woody Brad Leonard Sheldon Amy Penny Bernadette Raj Jason Ben Mike Kevin Jeff
Candice Damon Kiefer Peyton Lonnie Trent Charvarius Rashad Michelle Jamie-Lee Saoirse Nicola Louisa Erin Orla Clare
""".split()
) - frozenset(
    "rebel hope chance joy june will max mo ao kit dev hal lex nat bo asa isa pam kat jay lou grace star victoria kei".split()
)

# Places: a capitalised place name is not a series title.
PLACES = frozenset(
    w.lower()
    for w in """
America Amérique Europe Asia Asie Africa Afrique Australia Australie Canada Japan Japon China Chine
Korea Corée India Inde Brazil Brésil Mexico Mexique Spain Espagne Italy Italie Germany Allemagne
France Belgium Belgique Switzerland Suisse Ireland Irlande Scotland Écosse Ecosse Wales England
Angleterre Britain Grande-Bretagne Royaume-Uni United Kingdom United States États-Unis Etats-Unis
Russia Russie Ukraine Israel Israël Egypt Egypte Égypte Turkey Turquie Greece Grèce Portugal
Netherlands Pays-Bas Sweden Suède Norway Norvège Denmark Danemark Finland Finlande Iceland Islande
Poland Pologne Austria Autriche Argentina Argentine Colombia Colombie Chile Chili Peru Pérou
Philippines Thailand Thaïlande Vietnam Indonesia Indonésie Polynésie Fidji Fiji Hawaii Alaska
Texas California Californie Florida Floride New York Los Angeles Chicago Boston Atlanta Detroit
Michigan Georgia Louisiana Montana Utah Nevada Arizona Colorado Oregon Washington Seattle
Vancouver Toronto Montréal Montreal Québec Quebec Hollywood London Londres Paris Marseille Lyon
Lille Nice Bordeaux Nantes Toulouse Strasbourg Rennes Montpellier Bruxelles Brussels Liège Genève
Berlin Munich Rome Milan Madrid Barcelona Barcelone Séville Seville Lisbonne Lisbon Dublin
Belfast Edinburgh Édimbourg Glasgow Manchester Liverpool Birmingham Cornwall Cornouailles Dorset
Yorkshire Tokyo Kyoto Osaka Séoul Seoul Pékin Beijing Mumbai Sydney Melbourne Auckland
Los Gatos Cupertino Burbank Atlanta Austin Fort Worth Dordogne Bretagne Normandie Provence Alpes
Camargue Corse Vosges Alsace Savoie Pyrénées Occitanie Europe Méditerranée Manhattan Brooklyn
""".split()
)

# Nationality words: not a title on their own.
NATIONALITIES = frozenset(
    w.lower()
    for w in """
American Americans British Brit Brits English French Canadian Japanese Korean Spanish German Italian Danish
Swedish Norwegian Irish Scottish Welsh Belgian Swiss Dutch Mexican Brazilian Israeli Indian Chinese
Australian Aussie Kiwi Greek Roman Russian Polish Turkish Nordic Scandinavian European Asian African
Latin Hispanic Yankee Américain Américaine Américains Britannique Britanniques Français Française
Anglais Anglaise Japonais Japonaise Coréen Coréenne Espagnol Espagnole Allemand Allemande Italien
Italienne Danois Danoise Suédois Suédoise Norvégien Belge Suisse Québécois Québécoise Canadien Canadienne
""".split()
)

STATUS_WORDS = frozenset(
    """
renewed renews renew renewal renewals cancelled canceled cancels cancel cancellation cancellations axed
axes ends ended ending return returns returning orders ordered order picks picked greenlit greenlights
premieres premiered premiere wraps wrapped films filming annulée annulé annulées renouvelée renouvelé
renouvelées arrêtée arrêté arrête confirmed confirms confirme confirmée revient reviendra already
""".split()
)
