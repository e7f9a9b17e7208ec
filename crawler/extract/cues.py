"""Status cues, hedges and history markers (French and English), on lower-cased text.

Each cue is a regular expression with a status and a kind:

- kind "pos": a positive statement of the status;
- kind "neg": a negated renewal that states a cancellation ("won't return for a
  fourth season", "n'aura pas de saison 15");
- kind "future": a shoot that is only planned (becomes in_development);
- kind "maybe_final": "la dernière saison" / "last season", final only when
  the clause looks forward;
- kind "release": a premiere or broadcast verb, a release only with a date;
- kind "label": a list or section label ("Cancelled:", "Renouvelées :").

All patterns are alternations of literals with bounded gaps, compiled once.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import FIRST_NAMES, ORDINALS
from .text import anchor_windows, at_word_start, trie_regex

# generic number words (validated where it matters by the season parser): a
# large alternation of every ordinal would be tried at each word boundary
# ordinal words up to 20 (spelled-out higher season numbers are written in digits in practice)
_ORD_WORDS = trie_regex(
    w for w, v in ORDINALS.items() if not w[:1].isdigit() and v <= 20 and w not in ("sophomore", "freshman")
)
_ORD = rf"(?:\d{{1,2}}(?:st|nd|rd|th|ème|eme|è|e|nde|er|ère|re)|{_ORD_WORDS}(?![\w\-]))"
_NUM = r"(?:\d{1,2}|[a-zéè][a-zéè\-]{2,12})"
_ADV = (
    r"(?:(?:bien|donc|aussi|également|officiellement|finalement|désormais|déjà|d'ores et déjà|toutefois|enfin|"
    r"officially|already|also|finally|now|quickly|just|formally|reportedly|recently|quietly|"
    r"early|ultimately|ever) )?"
)
_W = r"[\w'\-]{1,25}"  # one word
_PASSIVE_ORDER = r"(?:has |have |had |is |was |were |will be )(?:already |now |officially |also )?(?:been )?ordered\b"

_CUES: list[tuple[str, str, str]] = [
    # ------------------------------------------------------------ negated renewals -> cancelled
    (
        "cancelled",
        "neg",
        rf"\b(?:won't|will not|wont|isn't|is not|aren't|are not|not|never|n't) {_ADV}(?:be )?"
        rf"(?:returning|return|coming back|come back|back|continuing|continue|getting|get|renewed)\b",
    ),
    ("cancelled", "neg", r"\bnot (?:to |be )?(?:move|moving|go|going) (?:forward|ahead)\b"),
    ("cancelled", "neg", rf"\bpass(?:ed|es|ing)? on (?:a |an |another )?(?:{_ORD} |new )?(?:season|series|renewal)\b"),
    (
        "cancelled",
        "neg",
        r"\b(?:won't|will not|isn't|is not|aren't|are not) (?:be )?(?:renewing|bringing back|ordering)\b",
    ),
    ("cancelled", "neg", r"\b(?:decided|decision|chose|opted) not to (?:renew|continue|order|bring)\b"),
    (
        "cancelled",
        "neg",
        r"\b(?:did not|didn't|won't|will not|would not|wouldn't|could not|couldn't) (?:renew|order|make it (?:to|past))\b",
    ),
    # "didn't give it a second season", not "did not give a date"
    (
        "cancelled",
        "neg",
        r"\b(?:did not|didn't|won't|will not|would not|wouldn't|could not|couldn't) (?:give|get)\b"
        r"(?=[^.;]{0,30}\b(?:season|series|renewal|order|green ?light)\b)",
    ),
    ("cancelled", "neg", rf"\bno (?:{_ORD} |new |more )(?:season|series)\b"),
    ("cancelled", "neg", r"\b(?:ne|n') ?(?:sera|seront|serait) pas (?:renouvelée?s?|reconduite?s?|de retour)\b"),
    ("cancelled", "neg", r"\bne (?:reviendra|reviendront|reviendrait|continuera|continueront) (?:pas|plus|jamais)\b"),
    ("cancelled", "neg", r"\b(?:de |à )?ne (?:pas|plus) (?:renouveler|reconduire|commander|poursuivre|continuer)\b"),
    (
        "cancelled",
        "neg",
        rf"\bn'(?:y )?(?:aura|auront|aurait|a|ont|avait)(?:-t-(?:il|elle))? (?:pas|jamais|plus|donc pas|point)? ?(?:de |le droit à |droit à |d')"
        rf"(?:(?:une|un) )?(?:{_ORD} )?(?:nouvelle )?(?:saison|suite)\b",
    ),
    ("cancelled", "neg", rf"\bn'(?:aura|auront) (?:de |d')(?:{_ORD} )?(?:saison|suite)\b"),
    (
        "cancelled",
        "neg",
        rf"\bne (?:connaîtra|connaitra|connaîtront|verra|verront|découvriront|découvrira|bénéficiera) (?:pas|jamais|donc pas) (?:de |d')"
        rf"(?:{_ORD} )?(?:nouvelle )?(?:saison|suite)\b",
    ),
    ("cancelled", "neg", r"\bne (?:connaîtra|connaitra) (?:donc )?que\b"),
    (
        "cancelled",
        "neg",
        r"\bne (?:verra|verront) (?:donc |finalement )?(?:pas|jamais) le jour\b|\b(?:won't|will not|will never) see the light of day\b",
    ),
    ("cancelled", "neg", rf"\bpas de (?:{_ORD} )?saison (?:\d{{1,2}}|{_NUM})\b|\bpas de {_ORD} saison\b"),
    ("cancelled", "neg", r"\b(?:pas|plus) de suite\b"),
    # ------------------------------------------------------------ in development (before renewals)
    ("in_development", "pos", r"\bin (?:the )?(?:early )?(?:development|works|planning stages?|planning)\b"),
    (
        "in_development",
        "pos",
        r"\bin ['\"]?(?:preliminary |early )?(?:discussions?|talks|negotiations)['\"]? (?:to|about|for|over)\b",
    ),
    (
        "in_development",
        "pos",
        r"\b(?:are |is )?(?:already )?(?:discussing|considering|weighing|mulling|eyeing|exploring) (?:a |an |another |renewing|the possibility|bringing)\b",
    ),
    (
        "in_development",
        "pos",
        r"\b(?:renewal )?(?:talks|discussions|negotiations) (?:are |were )?(?:already |now )?underway\b",
    ),
    (
        "in_development",
        "pos",
        rf"\b(?:are |is )?(?:actively )?(?:involved in |having )?conversations? (?:with {_W} )?about (?:a |another )?(?:season|new season)\b",
    ),
    ("in_development", "pos", r"\b(?:being|been) (?:developed|considered|discussed|planned|explored)\b"),
    (
        "in_development",
        "pos",
        r"\b(?:yet to|has yet to|have yet to|not yet) (?:officially |formally )?(?:renew|be renewed|been renewed|announce)\b",
    ),
    (
        "in_development",
        "pos",
        rf"\b(?:could|might|may) (?:well )?(?:be back|return|come back|get|have|receive|see) (?:for )?(?:a |an |another )?(?:{_ORD} |new )?(?:season|series|iteration|installment)\b",
    ),
    ("in_development", "pos", r"\b(?:could|might|may) (?:well )?(?:be back|return|come back)\b"),
    ("in_development", "pos", r"\bwill (?:more than |most )?likely (?:return|be back|come back|be renewed)\b"),
    (
        "in_development",
        "pos",
        r"\ben (?:cours de )?(?:préparation|développement|developpement|projet|réflexion|discussion|discussions|négociation|négociations|chantier)\b",
    ),
    ("in_development", "pos", r"\b(?:à l'étude|en pourparlers|sur la table|under consideration|on the table)\b"),
    (
        "in_development",
        "pos",
        r"\b(?:des |les )?(?:discussions|négociations|pourparlers|tractations|échanges) (?:sont|seraient|serait|auraient|ont) "
        r"(?:déjà |actuellement |bien )?(?:en cours|engagées|entamées|lieu)\b",
    ),
    ("in_development", "pos", r"\benvisag(?:e|er|é|ée|eait|eaient|erait|eraient|ent|eable|eables)\b"),
    (
        "in_development",
        "pos",
        rf"\b(?:pourrait|pourraient|devrait|devraient|pourra|pourront) {_ADV}(?:bien |très bien |finalement )?"
        rf"(?:revenir|voir le jour|arriver|lancer|être (?:renouvelée?s?|commandée?s?|prolongée?s?)|connaître|avoir droit|"
        rf"conclure|débarquer|se poursuivre|continuer|avoir une suite|tenter|commander|proposer)\b",
    ),
    ("in_development", "pos", r"\bdoi(?:t|vent) (?:revenir|avoir droit|connaître)\b"),
    (
        "in_development",
        "pos",
        r"\b(?:en attente (?:du feu vert|de renouvellement|d'un renouvellement|de son renouvellement)|pas encore (?:été )?(?:renouvelée?s?|officialisée?s?|commandée?s?)|tarde (?:à|a) (?:officialiser|renouveler|annoncer))\b",
    ),
    ("in_development", "pos", r"\b(?:a|ont|aurait|auraient) laissé entendre\b"),
    ("in_development", "pos", r"\b(?:aurait|auraient) (?:de la suite dans les idées|l'intention|envie)\b"),
    (
        "in_development",
        "pos",
        rf"\b(?:réfléchi(?:t|ssent|rait|raient)|songe(?:rait|nt)?) à (?:une|un|la|le) (?:{_ORD} |nouvelle )?(?:saison|suite)\b",
    ),
    ("in_development", "pos", r"\b(?:a |ont )?(?:commencé|démarré) l'écriture\b|\ben cours d'écriture\b"),
    # a network working on the next season: "Netflix développe une deuxième saison", "is developing a third season"
    (
        "in_development",
        "pos",
        r"\b(?:développe|développent|développerait|développeraient|en train de développer|prépare|préparent|"
        r"préparerait|prépareraient|travaille sur|travaillent sur|travaillerait sur|planche sur|planchent sur|"
        r"plancherait sur)(?= (?:déjà |actuellement )?(?:une|la|sa|leur) (?:[\wéèê-]{1,12} )?(?:saison|suite)\b)",
    ),
    (
        "in_development",
        "pos",
        r"\b(?:is|are) (?:already |now |currently |reportedly )?(?:developing|working on|preparing|planning)"
        r"(?= (?:a|an|the|its|their) (?:[\w-]{1,12} )?(?:season|installment|chapter)\b)",
    ),
    # ------------------------------------------------------------ final season
    (
        "final_season",
        "pos",
        # "a third and final is coming": the ordinal stands for the season (seasons._ELLIPTIC_ORDINAL)
        r"\b(?:and|et) (?:final|last|dernière|derniere|ultime) (?=season|saison|series|instal|chapter|chapitre|volet|run|outing|batch|cycle|iteration|part\b|partie\b|(?:is|will|arrives|est|sera|arrive|arrivera)\b)",
    ),
    (
        "final_season",
        "pos",
        rf"\bfinal (?:season|series|run|chapter|installment|instalment|batch|outing|year|{_NUM} episodes|episodes)\b",
    ),
    ("final_season", "pos", r"\b(?:swan song|farewell season|last hurrah|show's last run|series' last run|last run)\b"),
    (
        "final_season",
        "pos",
        rf"\b(?:will|would|is going to|to|set to) (?:end|conclude|wrap(?: up)?) (?:with|after|its run with) (?:its |the |their )?(?:upcoming |current |next )?(?:{_ORD} )?(?:season|series|run|runs)\b",
    ),
    ("final_season", "pos", r"\b(?:is|are|will be) (?:ending|concluding|wrapping up)\b"),
    ("final_season", "pos", rf"\bending (?:with|after) (?:its|the) (?:season|{_ORD})\b"),
    ("final_season", "pos", r"\b(?:ended|ending|end) (?:their|its) runs? (?:peacefully |quietly )?this season\b"),
    ("final_season", "pos", r"\bcoming to an end\b"),
    (
        "final_season",
        "pos",
        r"\b(?:ultime|dernière|derniere) saison (?:sera|débutera|arrivera|commencera|commencerait|sortira|est prévue|prévue|se déclinera)\b",
    ),
    (
        "final_season",
        "pos",
        r"\b(?:sera|serait|seront|est|sera donc) (?:[\w']+ ){0,3}la (?:dernière|derniere|ultime)\b",
    ),
    ("final_season", "pos", r"\bpour une (?:ultime|dernière) saison\b|\bune (?:ultime|dernière) saison\b"),
    (
        "final_season",
        "pos",
        r"\b(?:s'achèvera|s'achèveront|s'arrêtera|s'arrêteront|se terminera|se termineront|se finira|se finiront|prendra fin|prendront fin|"
        r"finira son|finiront leur|tirera sa révérence|va tirer sa révérence|allait tirer sa révérence|vont tirer leur révérence|"
        r"reviendra une dernière fois|reviendront une dernière fois|signera la fin|signe la fin)\b",
    ),
    ("final_season", "pos", rf"\bs'arrête(?:nt)? (?:à|avec) (?:sa|leur|la) (?:{_ORD} )?saison\b"),
    ("final_season", "pos", r"\bsaisons? finales?\b"),
    ("final_season", "maybe_final", r"\b(?:la|sa|leur|its|the) (?:dernière|derniere|ultime|last) saison\b"),
    # ------------------------------------------------------------ cancellations
    ("cancelled", "pos", r"(?<!un-)\b(?:cancell?ed|cancell?ing|cancels|cancel|cancell?ations?)\b"),
    ("cancelled", "pos", r"\b(?:axed|axes|axing|axe|the ax)\b"),
    (
        "cancelled",
        "pos",
        r"\b(?:pull(?:s|ed|ing)? the plug(?: on)?|scrap(?:s|ped|ping)|kill(?:s|ed|ing)? off|gave up on|give up on|gives up on|"
        r"bit(?:ten)? the dust|bites the dust|out of (?:its|their) misery|got the boot|get the boot|given the boot|"
        r"got the chop|dropped from the schedule|pulled from the schedule)\b",
    ),
    ("cancelled", "pos", rf"\b(?:ended|ends|end) after (?:just |only )?(?:a single|one|{_NUM}|{_ORD}|its)\b"),
    ("cancelled", "pos", r"\bannul(?:é|ée|és|ées|er|e|ent|era|eront|ation|ations|ait|ant)\b"),
    (
        "cancelled",
        "pos",
        r"\b(?:s'arrête|s'arrêtent|arrête|arrêtent|arrêter|arrêté|arrêtée|arrêtées|arrêtés|l'arrêt|arrêt)\b",
    ),
    (
        "cancelled",
        "pos",
        r"\b(?:met|mettre|mettra|mis|mettent|mettait|mettront|mettrait) (?:un terme|fin|définitivement fin|un point final) (?:à|au|aux)\b",
    ),
    (
        "cancelled",
        "pos",
        r"\b(?:stopp(?:é|ée|er|e|és|ées)|jet(?:é|ée|ées|és) aux oubliettes|pass(?:e|ent|é|ée|és|ées) à la trappe|mis(?:e|es)? à mort|mettre à mort|"
        r"tir(?:é|e|ait) sa révérence|a tiré sa révérence|arrete|arretent|se sépar(?:e|ent|er) de|déprogrammée? définitivement|privée? de suite)\b",
    ),
    # "C'est terminé pour X", "It's over for X" (not "pour le tournage de X", "for season 2 of X")
    (
        "cancelled",
        "pos",
        r"\b(?:c'est (?:bel et bien |officiellement |définitivement )?(?:terminé|fini) pour|"
        r"it's (?:officially )?(?:over|curtains|the end of the road) for)"
        r"(?! (?:le|la|les|l'|the) ?(?:tournage|production|diffusion|saison|épisode|filming|shoot|season|episode|cast)\b)"
        # nor a person leaving a show: "C'est terminé pour Marc Dumas, qui quitte X"
        rf"(?! (?:{trie_regex(FIRST_NAMES)}) [\w'\-]{{2,25}}(?:,| qui\b| who\b| \())",
    ),
    # ------------------------------------------------------------ filming (future shoots first)
    (
        "in_development",
        "future",
        r"\b(?:filming|production|shooting|principal photography) (?:on [^.;]{1,50}? )?(?:is |was |has been )?(?:scheduled|set|slated|expected|due|planned) to (?:begin|start|kick off|commence|resume)\b",
    ),
    (
        "in_development",
        "future",
        r"\b(?:filming|production|shooting) (?:will|would|should) (?:begin|start|kick off|commence|get underway)\b",
    ),
    ("in_development", "future", r"\b(?:set to|will|to) (?:begin|start) (?:filming|production|shooting)\b"),
    (
        "in_development",
        "future",
        r"\b(?:un nouveau tournage|le tournage|tournage)\b[^.;]{0,60}?\b(?:aura lieu|commencera|débutera|démarrera|devrait (?:commencer|débuter|démarrer|avoir lieu)|ne devrait pas|est prévu|prévu pour|doit commencer|doit débuter)\b",
    ),
    (
        "filming",
        "pos",
        r"\b(?:filming|shooting|production|principal photography) (?:on [^.;]{1,50}? )?(?:is |has |had |have |officially |finally )*(?:now )?"
        r"(?:underway|under way|began|begun|begins|started|starts|kicked off|wrapped|resumed|commenced|got underway|is complete|completed|finished)\b",
    ),
    (
        "filming",
        "pos",
        r"\b(?:began|begins|begun|started|starts|kicked off|commenced|wrapped|wraps|finished|completed|resumed) (?:filming|shooting|production|principal photography)\b",
    ),
    (
        "filming",
        "pos",
        r"\b(?:it's a wrap|that's a wrap|done filming|finished filming|currently filming|currently shooting|now filming|back filming|"
        r"are filming|is filming|were filming|began filming|is shooting|are shooting|on set for|on location for|cameras are rolling|"
        r"has started production|have started production|has begun production|in production on|went into production|entered production)\b",
    ),
    ("filming", "pos", r"\b(?:was|were|been|being|is being|are being) (?:shot|filmed)\b"),
    (
        "filming",
        "pos",
        r"\b(?:is|are|was|were) (?:currently |now |already |officially |still )?(?:in production|in the middle of production|shooting in)\b",
    ),
    ("filming", "pos", r"\bfilming (?:series|season|the|its|new|for)\b"),
    ("filming", "pos", r"\b(?:actuellement |est |sont |toujours |déjà |encore )?en (?:plein )?tournage\b"),
    (
        "filming",
        "pos",
        r"\b(?:le |du |au |son |leur )?tournage\b[^.;]{0,70}?\b(?:a |avait |ont |vient d'|vient de |s'est |s'était |est |serait |aurait )?"
        r"(?:officiellement |enfin |bel et bien |déjà )?(?:commencé|démarré|débuté|repris|terminé|achevé|bouclé|déroulé|lancé|commence|démarre|débute|"
        r"s'achève|se termine|se déroule|en cours|touche à sa fin|terminé)\b",
    ),
    (
        "filming",
        "pos",
        r"\btournage\b[^.;]{0,70}?\b(?:vient|viennent) (?:tout juste |enfin )?(?:de |d')(?:commencer|démarrer|débuter|reprendre|terminer|"
        r"s'achever|se terminer|boucler|s'ouvrir)\b",
    ),
    (
        "filming",
        "pos",
        r"\b(?:début|fin|lancement|reprise|clap de fin|clap de début|premier clap|dernier clap) (?:du |de |de son )?tournage\b",
    ),
    ("filming", "pos", r"\btournage termin(?:é|ée)\b"),
    ("filming", "pos", r"\b(?:ont été|a été|avaient été|avait été|sont) (?:tournée?s?|filmée?s?)\b"),
    (
        "filming",
        "pos",
        r"\b(?:de retour|sont retournés|retournent) sur les plateaux\b|\bmettre en boîte\b|\bmis en boîte\b|\bmettent en boîte\b",
    ),
    (
        "filming",
        "pos",
        r"\bprises de vues?\b[^.;]{0,60}?\b(?:ont |a |sont )?(?:démarré|commencé|débuté|terminées|achevées)\b",
    ),
    (
        "filming",
        "pos",
        r"\b(?:a|ont) (?:officiellement )?(?:commencé|démarré|débuté|lancé|entamé|bouclé|terminé) le tournage\b",
    ),
    ("filming", "pos", r"\b(?:tourne|tournent) (?:actuellement|en ce moment|déjà)\b"),
    # ------------------------------------------------------------ renewals
    (
        "renewed",
        "pos",
        r"\brenew(?:s|ed|ing)?\b|\brenewals?\b(?! (?:decisions?|talks|news|status|odds|hopes?|chances|watch|scorecard|tracker|season|announcements?|side|process|conversations?))",
    ),
    (
        "renewed",
        "pos",
        rf"\b(?:picked|picks|pick|picking) (?:it |them |the (?:show|series) )?up for (?:a |an |another |its )?(?:{_ORD} |new |further )?(?:season|series|{_NUM})\b",
    ),
    ("renewed", "pos", r"\b(?:season|series) (?:pickup|pick-up|renewal)\b|\bseason order\b"),
    ("renewed", "pos", r"\bcommission(?:s|ed|ing)?\b|\brecommission(?:s|ed)?\b"),
    (
        "renewed",
        "pos",
        rf"\b(?:orders?|ordered|ordering) (?:up )?(?:a |an |another |its )?(?:{_ORD} |new |more |further |fresh |{_NUM} more |{_NUM} additional |{_NUM} further )(?:seasons?|series|run|batch)\b",
    ),
    ("renewed", "pos", rf"\b(?:orders?|ordered) (?:season|series) (?:\d{{1,2}}|{_NUM})\b"),
    # passive orders of a numbered season: "season 4 was ordered", "a second series of X has
    # been ordered", "a fourth has already been ordered", "has been ordered for a fourth season"
    # (a new show "ordered for a full series" or "to series" is no renewal)
    ("renewed", "pos", rf"\b(?:season|series) (?:\d{{1,2}}|{_NUM}) {_PASSIVE_ORDER}"),
    ("renewed", "pos", rf"\b{_ORD_WORDS}(?: (?:season|series)(?: of [^.;,]{{1,60}}?)?)? {_PASSIVE_ORDER}"),
    (
        "renewed",
        "pos",
        rf"\b(?:been|was|were) (?:officially )?ordered for (?:a |an |another )?(?:{_ORD} |{_NUM} more |{_NUM} further )(?:seasons?|series)\b",
    ),
    ("renewed", "pos", r"\bgreen[- ]?(?:lit|lighted|lights?|lighting)\b"),
    (
        "renewed",
        "pos",
        rf"\b(?:will |to |set to |is set to |is going to |are going to |is |are |be |is officially |officially )?"
        rf"(?:returning|return|returns|come back|coming back|comes back|be back|back) (?:to {_W}(?: {_W}){{0,2}} )?for (?:a |an |its |one |another |two |three |season|series|{_ORD})",
    ),
    (
        "renewed",
        "pos",
        rf"\b(?:confirm(?:s|ed)?|announc(?:es|ed)) (?:a |the |that |its )?(?:{_ORD} |new |another )(?:season|series)\b",
    ),
    ("renewed", "pos", r"\b(?:is |are )?(?:officially )?a go\b"),
    (
        "renewed",
        "pos",
        rf"\b(?:gets?|getting|got|gotten|given|handed (?:out )?|earn(?:s|ed)?|score[sd]?|land(?:s|ed)?|secure[sd]?|crowned|receive[sd]?|granted) "
        rf"(?:a |an |another |its |the )?(?:{_ORD} |new |early |full )?(?:season|iteration|installment|instalment|chapter)(?: order| renewal| pickup)?\b",
    ),
    (
        "renewed",
        "pos",
        rf"\b(?:gets?|getting|got|gotten|given|handed (?:out )?|earn(?:s|ed)?|score[sd]?|land(?:s|ed)?|secure[sd]?|crowned|receive[sd]?|granted) "
        rf"(?:a |an |its |the )?(?:{_ORD}|another|new) series\b",
    ),
    (
        "renewed",
        "pos",
        rf"\b(?:bring(?:s|ing)?|brought) back (?:{_W} ){{1,4}}for (?:a |an |another )?(?:{_ORD} )?(?:season|series)\b",
    ),
    (
        "renewed",
        "pos",
        rf"\bbring(?:s|ing)? (?:{_W} ){{0,3}}back for (?:a |an |another )?(?:{_ORD} )?(?:season|series)\b",
    ),
    ("renewed", "pos", rf"\bsigned (?:on )?for (?:\d{{1,2}}|{_NUM}) more episodes\b"),
    (
        "renewed",
        "pos",
        r"\brenouvel(?:é|ée|és|ées|er|le|lent|lera|leront|lement|lements|ait|aient)\b|\brenouvèlement\b",
    ),
    ("renewed", "pos", r"\bcommand(?:é|ée|és|ées|er|e|ent|ait)\b"),
    (
        "renewed",
        "pos",
        rf"\b(?:va |vont |doit |devait )?(?:revenir|reviendra|reviendront|revient|reviennent) (?:{_W} ){{0,4}}?(?:pour|avec) (?:une|un|sa|des) (?:{_ORD} |nouvelle |autre )?(?:saison|salve|volet|chapitre)\b",
    ),
    (
        "renewed",
        "pos",
        rf"\b(?:aura|auront|obtient|obtiennent|décroche|décrochent|bénéficiera|bénéficieront|bénéficie|a droit à|aura droit à|auront droit à|"
        rf"a obtenu|ont obtenu|a décroché|ont décroché|y aura-t-il|aura-t-elle|aura-t-il) {_ADV}(?:d'une |une |des |un |sa |son |droit à une |droit à un )?"
        rf"(?:{_ORD} |nouvelle )?(?:saisons?|suite)\b",
    ),
    (
        "renewed",
        "pos",
        rf"\b(?:donner|offrir|offre|offert|accorder|accorde|accordé|donne|donné|a donné|offrira|donnera) (?:une |un |sa |son )?(?:{_ORD} |nouvelle )?saison\b",
    ),
    ("renewed", "pos", r"\bfeu vert\b"),
    ("renewed", "pos", r"\bprolong(?:é|ée|és|ées|er|e|ent|ait|era|eront)\b"),
    ("renewed", "pos", r"\breconduit(?:e|es|s)?\b"),
    ("renewed", "pos", rf"\b(?:{_NUM})[- ]seasons? (?:renewal|pickup|order)\b"),
    ("renewed", "pos", r"\b(?:est |a été |officiellement )?confirmée?s? (?:par|sur|chez)\b"),
    (
        "renewed",
        "pos",
        rf"\bconfirm(?:é|ée|és|ées|er|e|ent|ait) (?:(?:l'arrivée|le retour) (?:de la |d'une )|"
        rf"(?:la série |le show |l'arrivée |le retour )?(?:pour (?:une |la )?|une |la ))(?:(?:{_ORD}|nouvelle) )?(?:saison|suite)\b",
    ),
    (
        "renewed",
        "pos",
        r"\b(?:est|a été|sont|ont été) (?:officiellement |bel et bien |enfin )?(?:annoncée?s?|officialisée?s?)\b",
    ),
    ("renewed", "pos", r"\bconfirm(?:é|ée|és|ées|er|e|ent|ait) (?:officiellement |aussi |également )*le retour\b"),
    (
        "renewed",
        "pos",
        rf"\bannonc(?:e|é|ée|ent|ait) (?:officiellement |aussi |également )*(?:l'arrivée|le retour|une (?:{_ORD} |nouvelle )saison|une saison \d)\b",
    ),
    ("renewed", "pos", r"\b(?:s'officialise|vient de s'officialiser|officialis(?:é|ée|er|e|ent))\b"),
    ("renewed", "pos", r"\bse poursui(?:t|vra|vent|vront)\b"),
    ("renewed", "pos", r"\b(?:les|de|des) nouvelles saisons (?:de|des|d')\b"),
    # ------------------------------------------------------------ released / release dates
    (
        "release_date",
        "release",
        r"\b(?:will |to |set to |is set to |slated to |is slated to |going to |expected to |scheduled to |is scheduled to )?"
        r"(?:premiere|premieres|debut|debuts|return|returns|arrive|arrives|air|airs|stream|streams|launch|launches|drop|drops|"
        r"bow|bows|hit screens|hits screens|hit|land|lands|be released|be available|kick off|kicks off|start|starts|begin|begins)\b",
    ),
    (
        "release_date",
        "release",
        r"\b(?:premiere date|return date|release date|launch date|air date|set for|slated for|delayed (?:to|until)|pushed (?:back )?to|moved to)\b",
    ),
    (
        "release_date",
        "release",
        rf"\b(?:sera|seront) (?:{_ADV})?(?:diffusée?s?|disponibles?|mise?s? en ligne|lancée?s?|proposée?s?|à découvrir|dévoilée?s?|visible)\b",
    ),
    ("release_date", "release", r"\b(?:à partir du|à partir de|dès le|à compter du|dès ce|dès la|dès le mois de)\b"),
    (
        "release_date",
        "release",
        r"\b(?:débutera|commencera|arrivera|arriveront|reviendra|reviendront|débarquera|débarqueront|sortira|sortiront|"
        r"fera son retour|feront leur retour|revient|arrive|débarque|démarrera|se lancera|sera de retour|seront de retour)\b",
    ),
    (
        "release_date",
        "release",
        rf"\b(?:prévue?s?|programmée?s?|attendue?s?|fixée?s?|calée?s?|annoncée?s?|reportée?s?|repoussée?s?|décalée?s?) (?:{_ADV})?(?:pour|le|en|au|à|dès|d'ici|fin|début|courant|mi)\b",
    ),
    (
        "release_date",
        "release",
        r"\bdiffusée?s? (?:dès|à partir|début|fin|courant|au printemps|à l'automne|à la rentrée|cet|ce)\b",
    ),
    (
        "release_date",
        "release",
        r"\bdate de (?:sortie|diffusion|lancement)\b|\brendez-vous (?:en|le|dès|à)\b|\bla diffusion (?:débutera|commencera|est prévue|démarrera|reprendra)\b",
    ),
    (
        "released",
        "pos",
        r"\b(?:premiered|debuted|aired|launched|dropped(?= (?:on|in|its|their|all|the|last|this|earlier|globally|worldwide|today|yesterday)\b)|concluded (?:its|their)|wrapped its run|ended its run|began airing|started airing|"
        r"is now streaming|now streaming|currently airing|still-airing|is currently airing|is airing|are airing|is streaming)\b",
    ),
    (
        "released",
        "pos",
        r"\b(?:a été|ont été|avait été|avaient été) (?:diffusée?s?|mise?s? en ligne|lancée?s?)\b|\bdiffusée?s? (?:depuis|en|entre|du)\b"
        r"|\bmise?s? en ligne (?:le|ce|depuis|il y a)\b|\blancée? (?:le|en|fin|début)\b|\best (?:actuellement )?(?:diffusée|disponible)\b"
        r"|\bdisponibles? (?:dès maintenant|depuis)\b|\bsortie (?:le|de manière|depuis)\b|\ba lancé\b|\bse termine\b|\ba pris fin\b",
    ),
]


def _first_chars(pattern: str):
    """The characters a match of ``pattern`` can start with (None: any)."""
    from re import _constants as K
    from re import _parser as P

    def first(seq):
        chars: set[str] = set()
        for op, av in seq:
            if op is K.LITERAL:
                chars.add(chr(av))
                return chars, False
            if op is K.IN:
                for o, a in av:
                    if o is K.LITERAL:
                        chars.add(chr(a))
                    elif o is K.RANGE:
                        chars.update(chr(c) for c in range(a[0], a[1] + 1))
                    elif o is K.NEGATE:
                        return None, False
                    else:
                        return None, False
                return chars, False
            if op in (K.AT, K.ASSERT, K.ASSERT_NOT):
                continue
            if op is K.BRANCH:
                nullable = False
                for alt in av[1]:
                    fs, n = first(alt)
                    if fs is None:
                        return None, False
                    chars |= fs
                    nullable = nullable or n
                if not nullable:
                    return chars, False
                continue
            if op is K.SUBPATTERN:
                fs, n = first(av[-1])
                if fs is None:
                    return None, False
                chars |= fs
                if not n:
                    return chars, False
                continue
            if op in (K.MAX_REPEAT, K.MIN_REPEAT, getattr(K, "POSSESSIVE_REPEAT", None)):
                lo, _hi, sub = av
                fs, n = first(sub)
                if fs is None:
                    return None, False
                chars |= fs
                if lo > 0 and not n:
                    return chars, False
                continue
            return None, False
        return chars, True

    fs, nullable = first(P.parse(pattern))
    return None if fs is None or nullable else fs


def _prefixes(pattern: str, k: int = 3):
    """The set of strings (up to ``k`` characters) a match of ``pattern`` can start with.

    A string shorter than ``k`` means the match may continue with something
    that is not a fixed character there.  Returns None when unknown.
    """
    from re import _constants as K
    from re import _parser as P

    limit = 400

    def walk(seq, i, acc):
        # acc: set of prefixes built so far (each < k long and still open)
        done: set[str] = set()
        cur = set(acc)
        while i < len(seq) and cur:
            op, av = seq[i]
            if op in (K.AT, K.ASSERT, K.ASSERT_NOT):
                i += 1
                continue
            if op is K.LITERAL:
                nxt = set()
                for p in cur:
                    q = p + chr(av)
                    (done if len(q) >= k else nxt).add(q)
                cur = nxt
                i += 1
                continue
            if op is K.IN and all(o is K.LITERAL for o, _ in av) and len(av) <= 8:
                nxt = set()
                for p in cur:
                    for _, a in av:
                        q = p + chr(a)
                        (done if len(q) >= k else nxt).add(q)
                cur = nxt
                i += 1
                continue
            if op is K.BRANCH:
                res = set()
                for alt in av[1]:
                    r = walk(list(alt) + list(seq[i + 1 :]), 0, cur)
                    if r is None:
                        return None
                    res |= r
                    if len(res) > limit:
                        return None
                return done | res
            if op is K.SUBPATTERN:
                return (
                    walk(list(av[-1]) + list(seq[i + 1 :]), 0, cur) | done
                    if walk(list(av[-1]) + list(seq[i + 1 :]), 0, cur) is not None
                    else None
                )
            if op in (K.MAX_REPEAT, K.MIN_REPEAT):
                lo, hi, sub = av
                if lo == 0 and hi == 1:
                    with_ = walk(list(sub) + list(seq[i + 1 :]), 0, cur)
                    without = walk(list(seq[i + 1 :]), 0, cur)
                    if with_ is None or without is None:
                        return None
                    return done | with_ | without
                # anything else ends the fixed prefix
                return done | cur
            return done | cur
        return done | cur

    try:
        res = walk(list(P.parse(pattern)), 0, {""})
    except RecursionError:
        return None
    if res is None or "" in res or len(res) > limit:
        return None
    return res


# Dispatch: a pattern is only tried (with .match) where the text starts with one of
# the fixed prefixes its matches can start with.  Prefixes are as long as the pattern
# allows (up to 8 characters): "the ax" rather than "the", so that the scan stops at
# few places.  At a position, each family (status, kind) tries, in their written order,
# the alternatives whose prefix is there: the first that matches wins, as in one
# alternation; a family does not match again inside its previous match.
_ALTS: list[tuple[str, str, str]] = []  # (status, kind, alternative)
_FAMILIES: list[tuple[str, str]] = []
for _status, _kind, _rx in _CUES:
    if (_status, _kind) not in _FAMILIES:
        _FAMILIES.append((_status, _kind))
    for _alt in re.split(r"\|(?=\\b)", _rx):
        if (_status, _kind, _alt) not in _ALTS:
            _ALTS.append((_status, _kind, _alt))
_KEYS: dict[str, list[int]] = {}  # prefix -> indices into _ALTS
_ANY_ALTS: list[int] = []  # alternatives without a usable prefix: tried at every trigger
_FIRST3: dict[str, list[tuple[str, str]]] = {}  # 3-character prefix -> families, in dispatch order
for _i, (_status, _kind, _alt) in enumerate(_ALTS):
    _pf = None
    for _k in (8, 6, 5, 4, 3):
        _pf = _prefixes(_alt, _k)
        if _pf is not None and len(_pf) <= 300 and min(len(x) for x in _pf) >= 3:
            break
        _pf = None
    if _pf is None:
        _ANY_ALTS.append(_i)
        continue
    for _p in _pf:
        _KEYS.setdefault(_p, []).append(_i)
        fams = _FIRST3.setdefault(_p[:3], [])
        if (_status, _kind) not in fams:
            fams.append((_status, _kind))
_KEY_LENS = tuple(sorted({len(k) for k in _KEYS}, reverse=True))
_ANY_RE = re.compile("|".join(f"(?:{_ALTS[i][2]})" for i in _ANY_ALTS) or "(?!)")
# zero-width: every word start that begins a prefix is reported (no overlap loss); the
# group holds the longest prefix there (the shorter prefixes that match are its prefixes)
_TRIGGER = re.compile(r"\b(?=(" + trie_regex(_KEYS) + "))")
# The same scan, faster: a prefix starts a word (every prefix begins with a word
# character), so it follows a space or a punctuation mark; a pattern that starts with
# that character class lets the engine skip the other positions quickly.
_SEPARATORS = " \n\t\r!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~«»“”„…‘’‚—–•·©®™°§€£¿¡\u00a0\u202f"
_SEPARATOR_SET = frozenset(_SEPARATORS)
_TRIGGER_AFTER = re.compile("[" + "".join(re.escape(c) for c in _SEPARATORS) + "](?=(" + trie_regex(_KEYS) + "))")
_GROUPS: dict[tuple[int, ...], re.Pattern] = {}


def _group(indices: tuple[int, ...]) -> re.Pattern:
    rx = _GROUPS.get(indices)
    if rx is None:
        rx = _GROUPS[indices] = re.compile("|".join(f"(?:{_ALTS[i][2]})" for i in indices))
    return rx


# Status words used as labels of list sections or list items.
LABEL_RE = re.compile(
    r"^(?:[-\u2022*•]\s?)?(?P<w>cancell?ed|cancell?ations?|renewed|renewals?|ended|ending|final seasons?|annulée?s?|annulations?|"
    r"renouvelée?s?|renouvellements?|arrêtée?s?|s'arrêtent|termin[ée]e?s?|dernières saisons)\b\s?:?",
    re.IGNORECASE,
)
_LABEL_STARTS = (
    "cancel",
    "renew",
    "ended",
    "ending",
    "final season",
    "annul",
    "renouvel",
    "arrêt",
    "s'arrêtent",
    "termin",
    "dernières saisons",
)


def label_match(seg: str):
    """``LABEL_RE.match(seg)``, after a cheap test of the first word."""
    head = seg[:24].lower()
    i = 0
    if head[:1] in "-\u2022*•":
        i = 2 if head[1:2].isspace() else 1
    if not head.startswith(_LABEL_STARTS, i):
        return None
    return LABEL_RE.match(seg)


LABEL_STATUS = {
    "cancel": "cancelled",
    "annul": "cancelled",
    "arrêt": "cancelled",
    "s'arr": "cancelled",
    "renew": "renewed",
    "renouv": "renewed",
    "ended": "cancelled",
    "ending": "final_season",
    "final": "final_season",
    "termin": "cancelled",
    "derni": "final_season",
}


def label_status(word: str) -> str | None:
    w = word.lower()
    for prefix, status in LABEL_STATUS.items():
        if w.startswith(prefix):
            return status
    return None


class Cue(NamedTuple):  # immutable and cheap to create
    start: int
    end: int
    status: str
    kind: str


def _plan(key: str) -> list[tuple[tuple[str, str], re.Pattern]]:
    """What to try where ``key`` is the longest prefix found: (family, alternation) in dispatch order."""
    found: set[int] = set()
    for n in _KEY_LENS:
        if n <= len(key):
            found.update(_KEYS.get(key[:n], ()))
    by_family: dict[tuple[str, str], list[int]] = {}
    for i in sorted(found):
        by_family.setdefault((_ALTS[i][0], _ALTS[i][1]), []).append(i)
    return [(f, _group(tuple(by_family[f]))) for f in _FIRST3.get(key[:3], ()) if f in by_family]


_PLANS = {k: _plan(k) for k in _KEYS}


def find_cues(low: str, start: int = 0, end: int | None = None) -> list[Cue]:
    """All cues in ``low[start:end]``, sorted by position."""
    end = len(low) if end is None else end
    out = []
    last_end: dict[tuple[str, str], int] = {}
    hits = list(_TRIGGER_AFTER.finditer(low, max(0, start - 1), end))
    if start == 0 or (low[start - 1] not in _SEPARATOR_SET and not low[start - 1].isalnum() and low[start - 1] != "_"):
        first = _TRIGGER.match(low, start, end)  # a prefix at the very start
        if first:
            hits.insert(0, first)
    for w in hits:
        pos = w.start(1)
        for family, rx in _PLANS[w.group(1)]:
            if last_end.get(family, -1) > pos:
                continue  # inside a match of the same family (finditer semantics)
            m = rx.match(low, pos, end)
            if m:
                last_end[family] = m.end()
                out.append(Cue(m.start(), m.end(), family[0], family[1]))
    if _ANY_ALTS:
        # the patterns without a fixed prefix ("two-season renewal") are searched near their noun
        for a, b in anchor_windows(low, start, end, ("season",), 24, 30):
            for m in _ANY_RE.finditer(low, a, b):
                family = (_ALTS[_ANY_ALTS[0]][0], _ALTS[_ANY_ALTS[0]][1]) if len(_ANY_ALTS) == 1 else None
                if family is None:
                    family = next(_ALTS[i][:2] for i in _ANY_ALTS if re.match(_ALTS[i][2], m.group(0)))
                if any(c.start < m.end() and m.start() < c.end and (c.status, c.kind) == family for c in out):
                    continue
                out.append(Cue(m.start(), m.end(), family[0], family[1]))
    out.sort(key=lambda c: (c.start, -c.end))
    return out


# ---------------------------------------------------------------------------- hedges

# modal hedges make a statement uncertain (renewal -> in_development)
MODAL_RE = re.compile(
    at_word_start(
        r"aurait|auraient|serait|seraient|devrait|devraient|pourrait|pourraient|semblerait|sembleraient|"
        r"semble|semblent|il semblerait|visiblement|apparemment|vraisemblablement|probablement|sans doute|peut-être|"
        r"certainement|a priori|normalement|il y a fort à parier|il y a des chances|rumeurs?|bruits? de couloir|"
        r"se murmure|murmure|spéculations?|pas encore officiel|à confirmer|on peut (?:dès lors )?espérer|tabler sur|"
        r"aux alentours de|"
        r"could|might|(?<!in )(?<!on )(?<!early )(?<!late )(?<!mid-)(?<!since )(?<!until )(?<!by )(?<!of )(?<!\d )may(?! \d)|would|likely|unlikely|probably|presumably|possibly|perhaps|maybe|appears?|appeared|"
        r"seems?|seemed|rumou?r(?:ed|s)?|speculat(?:e|es|ed|ion)|allegedly|reportedly|hoping|hopes (?:to|that)|hopeful|"
        r"expect(?:ed|s)? to|if|whether|potential|possible|could be|leak(?:ed|s)?|hint(?:ed|s)?|"
        r"we think|i think|we could envision|envision|guess|predict(?:s|ed)?|forecast|should"
    )
    + r"\b"
)
# attributions: the fact comes from another outlet or unnamed sources
ATTRIB_RE = re.compile(
    at_word_start(
        r"selon|d'après|rapporte|rapportent|rapporté|révèle|révélé|affirme|affirment|nos confrères|confrères|"
        r"comme l'indique|comme le rapporte|comme l'a révélé|d'après nos informations|via|source|sources|"
        r"according to|reportedly|reports?|reported|per (?:a |the )?(?:report|variety|deadline|thr|the hollywood reporter|tvline|ew)|"
        r"sources? (?:say|said|tell|told|close)|insiders?|is said to|are said to|has learned|i think|we hear|"
        r"it is understood|understands"
    )
    + r"\b"
)
# epistemic markers that turn even an attributed renewal into a development report
EPISTEMIC_RE = re.compile(
    at_word_start(
        r"aurait|auraient|serait|seraient|devrait|devraient|pourrait|pourraient|semblerait|semble|semblent|visiblement|"
        r"apparemment|vraisemblablement|probablement|rumeurs?|could|might|(?<!in )(?<!on )(?<!early )(?<!late )(?<!mid-)(?<!since )(?<!until )(?<!by )(?<!of )(?<!\d )may(?! \d)|likely|probably|presumably|appears?|seems?|"
        r"rumou?r(?:ed|s)?|allegedly|leak(?:ed|s)?|has reported that|reported that|would"
    )
    + r"\b"
)

# markers of series history (a past status replaced or told as background)
HISTORY_RE = re.compile(
    at_word_start(
        r"had been|had previously|previously|avait été|avaient été|était renouvelée|était annulée|étaient|s'était|s'étaient|"
        r"back in (?:19|20)\d\d|in (?:19|20)\d\d|en (?:19|20)\d\d|last year(?!'s)|l'an dernier|l'année dernière|years ago|recalls?|rappelle|reminiscent|"
        r"il y a \w+ ans|earlier (?:seasons|years)|at the time|à l'époque|once again|originally|initialement|à l'origine"
    )
    + r"\b"
)

# generic plural subjects: no anaphora to the article's series
GENERIC_RE = re.compile(
    r"\b(?:many|several|other|some|more|most|these|those|few|numerous|all the|two|three|four|five|six|seven|"
    r"plusieurs|certaines|certains|d'autres|autres|beaucoup de|nombreuses|nombreux|deux|trois|quatre|cinq|six|sept|"
    r"ces|les)\s(?:\w+\s){0,2}(?:shows|series|dramas|comedies|programs|programmes|séries|shows|programmes|émissions|fictions|titres|"
    r"originals|titles|projects|nouveautés|créations|productions)\b"
    r"|\bshows\b|\bséries\b|\bseason finales\b|\bfinales\b"
)

FILM_CONTEXT_RE = re.compile(
    r"\b(?:film|films|movie|movies|flick|long[- ]m[ée]trage|box[- ]office|cin[ée]ma|en salles?|dans les salles|in theaters|"
    r"in theatres|theatrical|blockbuster|opus|sequel film|suite du film|the film's|du film)\b"
)
# A document that names no platform and holds none of these words is not television news
# ("network" and "show" are left out: "rail network", "polls show").
SERIES_CONTEXT_RE = re.compile(
    r"\b(?:s[ée]ries?|seasons?|saisons?|episodes?|[ée]pisodes?|sitcom|anime|showrunners?|docuseries|miniseries|"
    r"mini-s[ée]ries?|tv|t[ée]l[ée]|t[ée]l[ée]vision|streamers?|streaming|cha[iî]nes?)\b"
)
TV_CONTEXT_RE = re.compile(
    r"\b(?:s[ée]ries?|season|seasons|saisons?|episodes?|[ée]pisodes?|show|sitcom|anime|tv|t[ée]l[ée]|network|cha[iî]ne|"
    r"streamer|docuseries|miniseries|mini-s[ée]rie)\b"
)
