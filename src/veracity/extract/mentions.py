"""What kind of words a speaker is mentioned by, and the name, role and parent inside them.

A source must be named by a name ("Dmitry Peskov", "The Washington Post") or a description of
a group ("people familiar with the call"), never by a pronoun ("he", "it") or a bare quantifier
("some", "many of them"): those only stand for someone named elsewhere, and a source called "he"
would merge every "he" of every document. This module says which mentions are which, and splits
titles off names ("Kremlin spokesman Dmitry Peskov" → title "Kremlin spokesman", parent
"Kremlin", name "Dmitry Peskov").

>>> is_nameless("many of them"), is_nameless("He"), is_nameless("some analysts"), is_nameless("US")
(True, True, False, False)
>>> strip_honorific("Mr. Peskov")
'Peskov'
>>> role_parent("Kremlin spokesman")
('spokesman', 'Kremlin')
>>> role_parent("a spokesman for the State Department")
('spokesman', 'the State Department')
"""

from __future__ import annotations

import re
import unicodedata

from veracity.extract.cues import ROLE_NOUNS, word_set

PRONOUNS = word_set(
    """
    i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves this that these
    those who whom whose which what whoever whatever one ones someone somebody anyone anybody
    everyone everybody nobody noone something anything everything nothing there
    """
)
QUANTIFIERS = word_set(
    """
    some others other another many much most more few fewer several all both each either
    neither none any half majority minority rest lot lots plenty number numbers dozen dozens
    hundreds thousands millions one two three four five six seven eight nine ten a an the of
    among including least
    """
)
MALE = word_set("he him his himself mr mr. sir")
FEMALE = word_set("she her hers herself mrs mrs. ms ms. miss madam")
# Nouns that say a person's sex ("the woman said", "his ex-wife")
MALE_NOUNS = word_set(
    """
    man men husband father son brother boy businessman congressman chairman spokesman
    grandfather uncle nephew king prince
    """
)
FEMALE_NOUNS = word_set(
    """
    woman women wife ex-wife mother daughter sister girl businesswoman congresswoman
    chairwoman spokeswoman actress grandmother aunt niece queen princess widow
    """
)
# Common given names that are (almost) only a man's or only a woman's: a pronoun's antecedent
# must agree ("Frank Nervo … her submission" is not Nervo's; "Mrs. Clinton" is not Bill).
# General knowledge of English-language news names, not drawn from any benchmark.
MALE_NAMES = word_set(
    """
    aaron adam al alan albert alexander andrew angelo anthony antonio arthur barack ben
    benjamin bernie bill billy bob bobby brad bradley brandon brian bruce bryan carl carlos
    charles charlie chris christopher chuck colin craig dan daniel danny darren dave david
    dennis dick dmitry dmitri don donald doug douglas duncan dylan earl ed eddie edward eric
    ernest eugene francis frank fred frederick gary gene george gerald gordon greg gregory
    hank harold harry henry howard hugh ian isaac jack jacob jake james jason jeb jeff
    jeffrey jeremy jerry jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph
    josh joshua juan justin keith ken kenneth kevin kurt larry lawrence leon leonard
    louis luis marco marcus mario mark martin matt matthew maurice max michael miguel mike
    mitch mitt nathan neil nicholas nick norman oliver omar oscar patrick paul pedro peter
    phil philip phillip ralph randy ray raymond reince rex richard rick rob robert robby
    roger ron ronald rudy russell ryan sam samuel scott sean sergei sergey seth stephen
    steve steven stuart ted thomas tim timothy todd tom tommy tony travis trey
    vladimir walter warren wayne william willie
    """
)
FEMALE_NAMES = word_set(
    """
    abigail alice alicia alison amanda amy ana andrea angela anita ann anna anne barbara
    betsey betsy betty beverly brenda carla carly carol caroline catherine cathy
    cheryl christina christine cindy claire connie cynthia debbie deborah debra denise diana
    diane donna doris dorothy elaine elena elizabeth ellen emily emma erin eva evelyn frances
    gina gloria grace gwen hannah heather helen hillary huma irene ivana ivanka jacqueline
    jane janet janice jennifer jessica jill joan joanne josephine joyce judith judy julia
    julie karen kate katherine kathleen kathryn kathy katie kayleigh kellyanne
    kimberly kirsten kristen laura lauren linda lisa liz loretta lori louise madeleine
    maria marie marilyn martha mary megan megyn melania melissa michelle monica nancy natalie
    nicole nikki olivia pam pamela patricia paula peggy rachel rebecca rita rose ruth sally
    samantha sandra sara sarah sharon shirley sonia sophia stephanie susan suzanne tammy
    teresa theresa tiffany tina valerie wendy
    """
)

# Titles that come before a name and are not part of it ("Sen. Bernie Sanders").
HONORIFICS = word_set(
    """
    mr mrs ms miss dr prof sir dame lord lady rev fr sen rep gov gen lt col capt sgt adm
    pres president president-elect vice senator representative governor mayor judge justice
    secretary minister chancellor premier ambassador congressman congresswoman senator-elect
    mr. mrs. ms. dr. prof. rev. fr. sen. rep. gov. gen. lt. col. capt. sgt. adm. pres. st.
    former then-president then-candidate candidate nominee chairman chairwoman chief
    """
)

# Words before a name that are a title or an affiliation, not part of it ("Republican Donald
# Trump", "NYPD Commissioner James O'Neill", "Secretary of State Jon Husted").
TITLE_WORDS = word_set(
    """
    commissioner activist superintendent sheriff inspector detective trooper agent state
    democrat democratic republican gop independent libertarian host anchor
    nominee candidate incumbent challenger
    """
)

# Nouns that describe an outlet ("the paper") or another organisation ("the agency").
OUTLET_NOUNS = word_set(
    """
    paper newspaper outlet publication broadcaster daily tabloid network channel magazine
    site website wire station
    """
)
ORG_NOUNS = word_set(
    """
    agency ministry department office company firm group organization organisation campaign
    committee government administration kremlin council commission party union institute
    foundation bank court police army military service bureau center centre team embassy
    network agency
    """
)
# Nouns that describe a person ("the senator", "the billionaire").
PERSON_NOUNS = ROLE_NOUNS | word_set(
    """
    man woman billionaire businessman businesswoman mogul candidate nominee frontrunner
    front-runner democrat republican politician lawyer activist author writer host anchor
    actor actress star singer player coach father mother son daughter wife husband boy girl
    officer veteran retiree student teacher doctor resident voter supporter critic rival
    opponent challenger incumbent hopeful contender populist socialist conservative liberal
    """
)

# States and their capitals: as a speaker ("Moscow said", "Russia denied") the name stands for
# a government, never a person. Names of countries, their capitals and the states of the
# United States (the news this is most used on); no region or city lists.
PLACES = frozenset(
    x.strip()
    for x in """
    afghanistan,albania,algeria,angola,argentina,armenia,australia,austria,azerbaijan,bahrain,
    bangladesh,belarus,belgium,bolivia,bosnia,brazil,britain,bulgaria,cambodia,cameroon,canada,
    chile,china,colombia,congo,croatia,cuba,cyprus,czechia,denmark,ecuador,egypt,england,
    estonia,ethiopia,finland,france,georgia,germany,ghana,greece,guatemala,haiti,honduras,
    hungary,iceland,india,indonesia,iran,iraq,ireland,israel,italy,japan,jordan,kazakhstan,
    kenya,kosovo,kuwait,latvia,lebanon,libya,lithuania,luxembourg,malaysia,mali,mexico,moldova,
    mongolia,montenegro,morocco,myanmar,nepal,netherlands,nicaragua,niger,nigeria,norway,oman,
    pakistan,palestine,panama,paraguay,peru,philippines,poland,portugal,qatar,romania,russia,
    rwanda,scotland,serbia,singapore,slovakia,slovenia,somalia,spain,sudan,sweden,switzerland,
    syria,taiwan,tajikistan,tanzania,thailand,tunisia,turkey,turkmenistan,uganda,ukraine,
    uruguay,uzbekistan,venezuela,vietnam,wales,yemen,zambia,zimbabwe,america,
    united states,united kingdom,south korea,north korea,south africa,saudi arabia,new zealand,
    united arab emirates,the united states,the united kingdom,u.s.,us,uk,u.k.,usa,eu,nato,
    moscow,kyiv,kiev,beijing,london,paris,berlin,tehran,ankara,damascus,baghdad,pyongyang,
    seoul,tokyo,brussels,warsaw,minsk,tbilisi,jerusalem,cairo,riyadh,havana,caracas,ottawa,
    canberra,rome,madrid,vienna,budapest,bucharest,belgrade,kabul,islamabad,new delhi,taipei,
    beirut,amman,doha,tripoli,khartoum,washington,
    alabama,alaska,arizona,arkansas,california,colorado,connecticut,delaware,florida,hawaii,
    idaho,illinois,indiana,iowa,kansas,kentucky,louisiana,maine,maryland,massachusetts,
    michigan,minnesota,mississippi,missouri,montana,nebraska,nevada,new hampshire,new jersey,
    new mexico,new york,north carolina,north dakota,ohio,oklahoma,oregon,pennsylvania,
    rhode island,south carolina,south dakota,tennessee,texas,utah,vermont,virginia,
    west virginia,wisconsin,wyoming
    """.replace("\n", "").split(",")
)


_MOJIBAKE = re.compile("[ÃÂâ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def repair_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1 or Windows-1252, once or twice, undone ("FranÃ\x83Â§ois" →
    "François"); text that does not look like that comes back as it is."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)  # "A" + combining tilde is "Ã"
    for _ in range(3):
        if not _MOJIBAKE.search(text):
            return text
        for codec in ("cp1252", "latin-1"):
            try:
                text = text.encode(codec).decode("utf-8")
                break
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        else:
            return text
    return text


def is_place(name: str) -> bool:
    """A country or a capital standing for its government ("Moscow", "the United States")."""
    return " ".join(words(name)).removeprefix("the ") in PLACES or " ".join(words(name)) in PLACES


_WORD = re.compile(r"[\w’'.-]+")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def is_nameless(text: str) -> bool:
    """True for a mention made only of pronouns, quantifiers and numbers ("he", "some",
    "many of them", "two of those"): it can stand for a source but never name one."""
    if any(len(w) > 1 and w.isupper() and w.isalpha() for w in text.split()):
        return False  # "US", "IT" in capitals: a country, a department, not "us" or "it"
    ws = [w.strip(".") for w in words(text)]
    if not ws:
        return True
    return all(w in PRONOUNS or w in QUANTIFIERS or w.isdigit() for w in ws)


def is_pronoun(text: str) -> bool:
    ws = words(text)
    return len(ws) == 1 and ws[0] in PRONOUNS


def gender_of(text: str) -> str | None:
    """ "m" or "f" when the mention says so (a pronoun, an honorific, a noun such as "the
    woman" or "his ex-wife"), else None."""
    ws = words(text)
    if not ws:
        return None
    first = ws[0]
    if first in MALE:
        return "m"
    if first in FEMALE:
        return "f"
    last = ws[-1].strip(".,")
    if last in MALE_NOUNS:
        return "m"
    if last in FEMALE_NOUNS:
        return "f"
    return None


def gender_of_name(name: str) -> str | None:
    """ "m" or "f" from a full name's given name when that is (almost) only a man's or only a
    woman's ("Betsey Wright" f, "Frank Nervo" m); None for a surname alone or an unknown name."""
    ws = words(strip_honorific(name))
    if len(ws) < 2:
        return gender_of(name)
    first = ws[0].strip(".")
    if first in MALE_NAMES:
        return "m"
    if first in FEMALE_NAMES:
        return "f"
    return gender_of(name)


def strip_honorific(name: str) -> str:
    """The name without the titles before it ("Mr. Peskov" → "Peskov", "Sen. Bernie Sanders" →
    "Bernie Sanders"); the name itself when nothing would be left."""
    parts = name.split()
    k = 0
    while k < len(parts) - 1 and parts[k].lower() in HONORIFICS:
        k += 1
    return " ".join(parts[k:])


def split_title(tokens: list[str]) -> int:
    """Index where a person's name starts in a run of capitalised words that may begin with a
    title ("Homeland Security Deputy Secretary Alejandro Mayorkas" → 4); 0 when there is no
    title, or when what follows the title is not a name of one to three words."""
    last_role = -1
    for k, t in enumerate(tokens):
        w = t.lower()
        titled = (
            w in ROLE_NOUNS
            or w in HONORIFICS
            or w.rstrip(".") in HONORIFICS
            or w in TITLE_WORDS
            or w in ORG_NOUNS  # "Meteoroid Environment Office Bill Cooke"
        )
        # "President - elect Donald Trump": the tokeniser splits the hyphenated title
        if titled or (w in ("-", "elect") and last_role == k - 1):
            last_role = k
    rest = tokens[last_role + 1 :]
    if last_role < 0 or not 1 <= len(rest) <= 3:
        return 0
    if any(not (t[:1].isupper()) for t in rest):
        return 0
    return last_role + 1


_CAP = r"[A-Z][\w’'&.-]*"
_OF_ORG = re.compile(
    r"\b(?:of|for|at)\s+(?P<org>(?:the\s+)?"
    rf"{_CAP}(?:\s+(?:(?:of|for|and|&|on|the|de)\s+)*{_CAP}){{0,7}}"
    r"(?:\s+(?:campaign|administration|committee|office|department|team|party|council))?)",
    re.UNICODE,
)
# adjectives of nationality or party that prefix a role without being its organisation
_ADJECTIVE = re.compile(
    r"^(?:[A-Z][a-z]+(?:an|ese|ish|ic|i)|French|Dutch|Greek|Thai|Swiss|Czech|Welsh|Democratic"
    r"|Republican|GOP|Former)$"
)
_PARTY_STATE = re.compile(r"^\(?[DRI]-[A-Z][\w.-]*\)?$")  # "D-R.I.", "R-OK"
_RELATIVE = word_set("who which that whose whom")
# titles that end an organisation's name before them ("NYPD Commissioner")
_OFFICE_TITLES = word_set("commissioner superintendent sheriff inspector detective trooper agent")
_GENERIC_ORGS = ORG_NOUNS - word_set("kremlin")  # "Police": a kind; "Kremlin": a name


def role_parent(role: str | None) -> tuple[str | None, str | None]:
    """(title, parent organisation) in a role: "Kremlin spokesman" → ("spokesman", "Kremlin");
    "director of the FBI" → ("director", "the FBI"); "spokesman for the Department of Homeland
    Security" → ("spokesman", "the Department of Homeland Security"); "Clinton campaign
    chairman" → ("chairman", "Clinton campaign"). No parent from a nationality or party
    adjective, a party-and-state code ("D-R.I."), a quantifier ("Several"), a lone generic
    noun ("Police Commissioner"), or a person one only supports ("a Trump supporter")."""
    if not role:
        return None, None
    role = role.strip().strip(",;")
    m = _OF_ORG.search(role)
    parent: str | None = None
    head_part = role
    if m:
        parent = m.group("org").strip().rstrip(".,")
        head_part = role[: m.start()]
    toks = head_part.split()
    # strip articles and possessives in front: "a", "an", "the", "his", "her"
    while toks and toks[0].lower() in ("a", "an", "the", "his", "her", "their", "its"):
        toks = toks[1:]
    title_words: list[str] = []
    prefix: list[str] = []
    for k, t in enumerate(toks):
        bare = t.strip(",.")
        low = bare.lower()
        if bare[:1].isupper() and low not in ROLE_NOUNS and low not in _OFFICE_TITLES:
            prefix.append(bare)
        elif low in ORG_NOUNS and prefix:
            prefix.append(bare)  # "Sanders campaign manager": the campaign is the parent
        else:
            title_words = [x.strip(",") for x in toks[k:]]
            break
    cut = next((k for k, w in enumerate(title_words) if w.lower() in _RELATIVE), None)
    if cut is not None:  # "pollster who conducts the survey with …": the title is "pollster"
        title_words = title_words[:cut]
    if parent is None and prefix:
        while prefix and _ADJECTIVE.match(prefix[0]):
            prefix = prefix[1:]
        head = title_words[-1].lower().strip(".,") if title_words else ""
        organised = (
            head in ROLE_NOUNS
            or head in TITLE_WORDS
            or prefix[-1:]
            and (prefix[-1].lower() in ORG_NOUNS)
        )
        if prefix and organised and not all(_ADJECTIVE.match(p) for p in prefix):
            parent = " ".join(prefix)
    if parent is not None and (
        is_nameless(parent)
        or _PARTY_STATE.match(parent)
        or parent.endswith(("'s", "’s", "'", "’"))  # "Gore's communications director": a person's
        or (len(parent.split()) == 1 and parent.lower() in _GENERIC_ORGS)
    ):
        parent = None
    title = " ".join(title_words) or None
    if title and title.lower().rstrip(".") in ("former", "then"):
        title = None
    return title, parent
