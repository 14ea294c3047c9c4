"""English number phrases: find them, normalize them, and name the noun they count.

Pure standard library (``re`` only) so it can run over millions of words: two compiled
regexes scan the whole text, one for digits and one for number words (spelled-out
numbers, vague magnitudes, majority/fraction words).  Each starts with one literal
character, "0" in a copy where every digit is one, a space in a lower-cased copy where every
separator is one, which lets the regex engine skip the rest in C.  Everything else is an anchored
match around each hit ("a"/"several"/"the vast" before it, units and nouns after it), so
the cost grows with the number of numbers, not with the length of the text.

API
---
``find_numbers(text) -> list[NumberPhrase]``
    Every number phrase, sorted by ``start`` and non-overlapping.
``parse_quantity(phrase, offset=0) -> NumberPhrase | None``
    A phrase that *begins* with a quantity, including determiner quantities that
    ``find_numbers`` never reports on its own ("a battalion", "several brigades",
    "a convoy of trucks").  ``offset`` is added to every offset returned.

A ``NumberPhrase`` has ``start``/``end``/``text`` (the phrase), ``value``/``low``/
``high``/``qualifier``, ``unit`` and the counted ``noun`` with its offsets.

Bound conventions
-----------------
===========  ===========================  =======  ======  ======
qualifier    examples                     value    low     high
===========  ===========================  =======  ======  ======
exact        "48,000", "a dozen", "half"  n        n       n
approx       "about 200", "nearly 1,000"  n        None    None
at_least     "more than 12,000", "500+"   n        n       None
at_most      "up to 7k", "no more than"   n        None    n
range        "4,000-6,000", "5 to 7 mn"   None     lo      hi
vague        "hundreds", "the majority"   None     implied None
===========  ===========================  =======  ======  ======

* Vague magnitudes carry an implied lower bound: dozens 12, scores 20, hundreds 100,
  thousands 1e3, tens of thousands 1e4, hundreds of thousands 1e5, millions 1e6,
  tens of millions 1e7, billions 1e9; "several/a few/some/many + hundred/thousand/..."
  -> the multiplier ("several hundred" low 100).
* "majority" forms -> vague, low 50, unit "percent"; "minority of" -> vague, no bounds,
  unit "percent"; "half/a third/two-thirds/a quarter/one fifth of", "1/3 of", "½ of" and
  "one in three", "3 out of 10" -> exact shares in percent (50, 33.3333, 66.6667, 25, 20,
  30), to 6 significant digits.  Other fractions are plain values: "1/2 pound" 0.5, "2 1/2
  miles" 2.5, "2½ million" 2.5e6, "one and a half thousand" 1500, "a million and a half".
* Lead words "only", "just", "a mere", "merely" are part of the text but keep the
  qualifier ("only 3 percent" is exact 3).
* Qualifier words are part of the text ("up to 7k").  A range stays a range: approx or
  bound words in front of a range ("estimated at 4,000-6,000") are left out of the text
  and do not change it; "between ... and ..." and "from ... to ..." are part of it.
* Qualifiers after the number: "or more" (at_least), "or so" (approx), "or fewer/less"
  (at_most); "sub-300 sq m" is at_most.
* A range states its unit on both ends or on the second only, in either order when its
  words say so ("between 7,000 and 5,000", "from 12,000 to 9,000" -> 5000..7000,
  9000..12000; "12,000-9,000", "7,000 to 5,000 troops" too, not "cut 7,000 to 5,000").  Otherwise two numbers stay two: a change and a level
  ("rose 8 percent to 99", "grew by 5,000 to 30,000"), a date and a count ("in 2018 to
  3.9 million"), two figures with their own scales ("25k or 40k").
* Negative figures: "-5", "−2.1%", "minus 30", "minus-130", "$-50.8bn", "-$5bn".

Units
-----
``unit`` is "" for plain counts (the caller maps ``noun`` to a unit), "percent",
"percentage_point", "basis_point", a currency code ("usd", "eur", "gbp", "rub", "byn",
"uah", ...; symbols and codes spaced or glued: "US$10", "$US10", "USD 5", "EUR50m"), or a
measurement in singular snake_case ("km", "mile", "m", "ton", "kg", "hectare", "sq_km",
"gb", "hz", "watt", "day", "year", ...; one-letter units only glued: "10W", "45g").  Scale
words, suffixes and powers of ten multiply the value ("7k", "1.5 million", "2.3bn", "3 mln",
"$5m", up to "decillion"; "2.998×10−8"); a number before an unknown scale word ("2
zillion") is no number.  A glued "m" is metres unless it is money or a plural noun follows
("$5m" and "1.5m people" are millions, "100m sprint" is 100 metres).  Ranges share a trailing scale: "5 to 7 million" is 5e6..7e6.

The counted noun
----------------
Cheap heuristic, no POS tags: after the phrase (and any unit, "-strong"/"-man-strong"
style compound, or closing quote) skip modifier words up to the head: a plural-looking
word ("troops", "Belarusians") or the last word before punctuation or a closed-class word
(preposition, determiner, auxiliary, pronoun...).  If "of" follows ("thousands of Russian
troops", "3 percent of Belarusians") the head of the "of" phrase is used.  For
measurement and currency words the noun is the "of" complement ("12,000 tons of
ammunition" -> "ammunition") or else the unit word itself ("17km" -> "km"); for
percentages only the "of" complement counts ("70% of Belarusians"; "2% want ..." -> "").
Vague magnitudes, majorities and fractions also take only the "of" complement.  A
number inside the complement is skipped ("3 of the 5 soldiers" -> "soldiers").  Time units
are units and nouns at once ("15 years" -> unit "year", noun "years").

Digits may be grouped by commas or by spaces ("30 000" with a plain, no-break, narrow
no-break or thin space), or by one dot before a counted noun ("30.000 troops", "48.000-strong",
as German-style sources write them; "3.500 percent" keeps its decimals), and a lone line
break inside a sentence reads as a space (belsignal.spacing); reported offsets and text are
those of the text given.

Not numbers: years used as dates ("in 2020", "2019-2020"), day numbers next to month
names ("March 26", "24 February", "10-20 February"), slash dates and times ("24/2",
"10:30", "5pm", "on 1/2"), ordinals ("38th", "twenty-first"), designations glued to
letters ("T-72A", "G7", "Su-25", "COVID-19") or named by the word before them ("S&P 500
fell", "iPhone 11 Pro", "Game 7"; not "Hajun 30 trucks"), scores and codes ("2-1",
"ISO 3888-2", "0401"), list markers ("1)", "(2)"), phone-like digit groups, possessives
("2020's") and numbers with more than 15 significant digits (a float cannot hold them).

Examples
--------
>>> p = find_numbers("There are few combat ready troops, up to 7k, and they are not ready")[0]
>>> (p.text, p.value, p.low, p.high, p.qualifier, p.noun)
('up to 7k', 7000.0, None, 7000.0, 'at_most', '')
>>> p = find_numbers("only 3 percent of Belarusians support such an idea")[0]
>>> (p.text, p.value, p.qualifier, p.unit, p.noun)
('only 3 percent', 3.0, 'exact', 'percent', 'belarusians')
>>> p = find_numbers("estimated at 4,000-6,000 men")[0]
>>> (p.text, p.value, p.low, p.high, p.qualifier, p.noun)
('4,000-6,000', None, 4000.0, 6000.0, 'range', 'men')
>>> p = find_numbers("Russia had received more than 12,000 tons of ammunition")[0]
>>> (p.text, p.low, p.qualifier, p.unit, p.noun)
('more than 12,000 tons', 12000.0, 'at_least', 'ton', 'ammunition')
>>> [p.text for p in find_numbers("On March 26, 2022, about 200 Belarusian volunteers")]
['about 200']
>>> q = parse_quantity("a new column of armoured vehicles", offset=10)
>>> (q.text, q.qualifier, q.low, q.noun, q.noun_start)
('a new column', 'vague', None, 'vehicles', 35)
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass

from . import spacing

__all__ = ["NumberPhrase", "find_numbers", "parse_quantity"]


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact, approx, at_least, at_most, range, vague
    unit: str
    noun: str
    noun_start: int
    noun_end: int


# --------------------------------------------------------------------------- regex helpers


def _trie(words, end=lambda word: "") -> str:
    """Alternation of `words` factored by common prefix, so a mismatch fails on one char;
    `end(word)` is a pattern that must follow the word."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = end(w)

    def build(node) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in node.items() if ch]
        if "" in node:
            alts.append(node[""])  # the shorter word is tried last
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return build(tree)


def _reversed_alt(phrases) -> str:
    """Alternation matching `phrases` in reversed text, each starting at a word boundary."""
    return _trie([p[::-1] for p in phrases], end=lambda r: r"(?!\w)" if r[-1].isalnum() else "").replace(r"\ ", r"\s+")


def _rev(pattern: re.Pattern, text: str, s: int, lo: int, width: int = 40):
    """Match `pattern` (written for reversed text) against the text just before `s`."""
    return pattern.match(text[max(lo, s - width):s][::-1])


# --------------------------------------------------------------------------- vocabulary

_ONES = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split(), start=1)}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALE_EXP = {"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12, "quadrillion": 15,
              "quintillion": 18, "sextillion": 21, "septillion": 24, "octillion": 27, "nonillion": 30,
              "decillion": 33}
_VAGUE_LOW = {"dozens": 12.0, "scores": 20.0, "tens": 10.0, "dozen": 12.0,
              **{w: 10.0 ** e for w, e in _SCALE_EXP.items()}, **{w + "s": 10.0 ** e for w, e in _SCALE_EXP.items()}}
_FRACTION = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10}
_FRACTION.update({w + "s": d for w, d in _FRACTION.items() if w != "half"})
_SHARE_WORDS = {"majority", "minority"}
_VAGUE_PLURALS = {w for w in _VAGUE_LOW if w.endswith("s")}  # "tens", "hundreds", "scores", ...
_TRIGGER_WORDS = [*_ONES, *_TENS, *_SCALE_EXP, "dozen", *_VAGUE_PLURALS,
                  *_FRACTION, *_SHARE_WORDS]

_NUMWORD = _trie([*_ONES, *_TENS, *_SCALE_EXP, "dozen"])
# "a hundred", "twenty-five", "two hundred and fifty", "one thousand two hundred", "one and a half".
_WORDSEQ = re.compile(
    rf"(?:an?\s+)?{_NUMWORD}(?:(?:\s*-\s*|\s+(?:and\s+)?){_NUMWORD}|\s+and\s+(?:a|one)[\s-]+half){{0,10}}\b",
    re.IGNORECASE)
_AND_HALF = re.compile(r"and\s+(?:a|one)[\s-]+half\b")

# The two scans each start with one literal character, which lets the engine jump from one to
# the next in C: the digit scan reads a copy where every digit is "0", the word scan a
# lower-cased copy where every separator is a space.
# Thousands grouped by commas or by spaces ("30 000" with a plain, no-break, narrow or thin space).
_GROUP_SPACES = " \u00a0\u202f\u2009"
# A number in digits, its first digit outside the alternatives so that a scan starts with it: a
# decimal comma before a scale word ("1,5 thousand", as translated Russian news writes it),
# a decimal comma before a percent ("38,5%"), thousands grouped by commas, by spaces, or none.
_DIGITS_BODY = (rf"[0-9](?:[0-9]{{0,2}},[0-9]{{1,2}}(?=[ \u00a0](?:thousand|million|billion)\b)"
                rf"|[0-9]?,[0-9]{{1,2}}(?=[ \u00a0]?%|[ \u00a0](?:per ?cent|percent)\b)"
                rf"|[0-9]{{0,2}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?"
                rf"|[0-9]{{0,2}}(?:[{_GROUP_SPACES}][0-9]{{3}})+(?![0-9])(?:\.[0-9]+)?|[0-9]*(?:\.[0-9]+)?)")
# A share restated right after it, in brackets ("the majority (58%)", "most of them (over 80 percent)") or
# set off by a comma or dash with at most a qualifier before the figure ("a majority of respondents — 54% —",
# "a large majority of Ukrainians, 78 percent,"): the figure says it.
_RESTATED = re.compile(r"(?:\s+of\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+)?)?(?:\s*\(\s*[^()]{0,20}?"
                       r"|(?:\s*[,—–]|\s+--?)\s*(?:(?:about|around|roughly|some|nearly|almost|over|under|fully|just"
                       r"|more\s+than|less\s+than|or)\s+)*)[0-9][0-9.,]*\s?(?:%|per\s?cent)", re.IGNORECASE)
_DECIMAL_COMMA_AT = re.compile(r"[0-9]{1,3},[0-9]{1,2}")
_VULGAR = "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_DIGIT_SCAN = re.compile(_DIGITS_BODY.replace("[0-9]", "0"))  # on the copy where every digit is "0"
_VULGAR_SCAN = re.compile(f"[{_VULGAR}]")
# A number word follows a separator: a space (what \s matches) or one of these.
_SEPARATORS = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "([“\"'‘«…-–—/"
# The scan reads a lower-cased copy in which every separator is a space, so the pattern starts
# with one literal character and re jumps from space to space (twice as fast as a
# case-insensitive scan for any separator, which _WORD_SCAN_ANY_CASE still is for a text that
# lower() does not map one for one: "İ" becomes two characters, "ı" and "ſ" match "i" and "s").
_WORD_SCAN = re.compile(rf" ({_trie(_TRIGGER_WORDS)})\b")
# The ones a normalized text (spacing.normalize: no odd space is left) may hold besides a space.
_SEPARATORS_LEFT = [c for c in _SEPARATORS if c != " " and c not in spacing.ODD_SPACES]
_WORD_SCAN_ANY_CASE = re.compile(rf"[{re.escape(_SEPARATORS)}]({_trie(_TRIGGER_WORDS)})\b", re.IGNORECASE)
_WORD_AT = re.compile(rf"({_trie(_TRIGGER_WORDS)})\b", re.IGNORECASE)
# Not glued to a word, a decimal point, a slash/colon (dates, times), "#1", "'22".
_BAD_BEFORE = set("_.,:/^#@&'’")

_CUR_SYMBOL = {"$": "usd", "us$": "usd", "$us": "usd", "a$": "aud", "au$": "aud", "$a": "aud", "c$": "cad",
               "ca$": "cad", "nz$": "nzd", "hk$": "hkd", "s$": "sgd", "€": "eur", "£": "gbp", "¥": "jpy",
               "₽": "rub", "₴": "uah", "₹": "inr", "rm": "myr"}
_CUR_CODES = "USD EUR GBP RUB BYN UAH CNY JPY PLN CHF AUD CAD NZD HKD SGD INR MYR RM SEK NOK KRW".split()
# Symbols and codes before the digits, spaced or glued ("US$10", "$US10", "USD 5", "EUR50m").
# The last character of a symbol or code: what must stand right before the digits, or before one space.
_CURRENCY_ENDS = frozenset("$€£¥₽₴₹ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_CUR_REV = re.compile(r"\$(?:SU|UA|AC|ZN|KH|A|C|S)(?![^\W_])|(?:SU|A)\$(?![^\W_])|\$|[€£¥₽₴₹]"
                      rf"|[ \u00a0]?{_trie(c[::-1] for c in _CUR_CODES)}(?![^\W_])")

# A minus sign or word just before a number (read on reversed text): "-5", "minus-130", "(−2.1%)".
_MINUS_REV = re.compile(r"[ \u00a0\-]sunim(?![^\W_])|[\-−](?=[\s(\[“\"'‘:=/$€£¥]|$)", re.IGNORECASE)
_SUB_REV = re.compile(r"-bus(?![^\W_])", re.IGNORECASE)  # "sub-7 nanometer": below 7

# Scale after digits: glued ("7k", "2.3bn", "$5m") or spaced ("1.5 million", "3 mln").
_SCALE_GLUED = re.compile(r"(k|bn|bln|mn|mln|tn|trn|m|b)(?![^\W_])", re.IGNORECASE)
_SCALE_GLUED_FIRST = frozenset("kbmtKBMT\u212a")  # with the Kelvin sign, which IGNORECASE reads as "k"
_SCALE_SPACED = re.compile(
    rf"[ \u00a0]+({_trie(_SCALE_EXP)}|bn|bln|mn|mln|tn|trn)s?\b"
    r"(?:[ \u00a0]+(thousand|million|billion)\b)?", re.IGNORECASE)
# Powers of ten with a marked exponent: "×10^23", "x 10**6", "×10−8" (a lost superscript), "×10⁻⁸".
_TIMES_TEN = re.compile(r"[ \u00a0]?[×x][ \u00a0]?10"
                        r"(?:(?:\^|\*\*)([-−]?[0-9]{1,3})|([-−][0-9]{1,3})|([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))"
                        r"(?![0-9])")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# "2 zillion", "a gazillion": a scale word no one can read a number from.
_UNKNOWN_SCALE = re.compile(r"[ \u00a0-]*[a-z]*illions?\b", re.IGNORECASE)
_SCALE_SUFFIX_EXP = {"k": 3, "bn": 9, "bln": 9, "b": 9, "mn": 6, "mln": 6, "m": 6, "tn": 12, "trn": 12,
                     **_SCALE_EXP}

# --------------------------------------------------------------------------- units

_UNITS: dict[str, list[str]] = {
    "percentage_point": ["percentage points", "percentage point", "percent points", "pp", "ppts", "ppt"],
    "basis_point": ["basis points", "basis point", "bps", "bp"],
    "percent": ["%", "percent", "per cent", "pct", "pc"],
    "byn": ["belarusian roubles", "belarusian rubles", "belarusian rouble", "belarusian ruble", "byn"],
    "usd": ["us dollars", "us dollar", "dollars", "dollar", "usd"],
    "eur": ["euros", "euro", "eur"],
    "gbp": ["pounds sterling", "sterling", "gbp"],
    "rub": ["roubles", "rubles", "rouble", "ruble", "rub"],
    "uah": ["hryvnias", "hryvnia", "hryvnas", "hryvna", "uah"],
    "cny": ["yuan", "renminbi", "cny"],
    "jpy": ["yen", "jpy"],
    "pln": ["zlotys", "zloty", "pln"],
    "km_per_h": ["km/h", "kmh", "kph", "kilometres per hour", "kilometers per hour", "km per hour"],
    "mph": ["mph", "miles per hour"],
    "knot": ["knots", "knot"],
    "sq_km": ["square kilometres", "square kilometers", "square kilometre", "square kilometer",
              "square km", "sq km", "sq. km", "km2", "km²"],
    "sq_mile": ["square miles", "square mile", "sq mi"],
    "sq_ft": ["square feet", "square foot", "sq ft", "sq. ft", "sqft"],
    "sq_m": ["square metres", "square meters", "square metre", "square meter", "sq m", "m2", "m²"],
    "cubic_m": ["cubic metres", "cubic meters", "cubic metre", "cubic meter", "m3", "m³"],
    "nautical_mile": ["nautical miles", "nautical mile"],
    "km": ["kilometres", "kilometers", "kilometre", "kilometer", "kms", "km"],
    "mile": ["miles", "mile", "mi"],
    "m": ["metres", "meters", "metre", "meter", "m"],
    "cm": ["centimetres", "centimeters", "centimetre", "centimeter", "cm"],
    "mm": ["millimetres", "millimeters", "millimetre", "millimeter", "mm"],
    "ft": ["feet", "foot", "ft"],
    "inch": ["inches", "inch"],
    "yard": ["yards", "yard"],
    "hectare": ["hectares", "hectare", "ha"],
    "acre": ["acres", "acre"],
    "kg": ["kilograms", "kilogrammes", "kilogram", "kilogramme", "kilos", "kilo", "kgs", "kg"],
    "g": ["grams", "grammes", "gram", "gramme"],
    "mg": ["milligrams", "milligrammes", "milligram", "milligramme", "mg"],
    "ton": ["metric tons", "metric tonnes", "tonnes", "tonne", "tons", "ton"],
    "kiloton": ["kilotons", "kilotonnes", "kiloton", "kilotonne"],
    "megaton": ["megatons", "megatonnes", "megaton", "megatonne"],
    "lb": ["pounds", "pound", "lbs", "lb"],
    "l": ["litres", "liters", "litre", "liter"],
    "ml": ["millilitres", "milliliters", "millilitre", "milliliter", "ml"],
    "barrel": ["barrels", "barrel", "bbl"],
    "gallon": ["gallons", "gallon"],
    "bcm": ["bcm"],
    "kwh": ["kwh"], "mwh": ["mwh"], "gwh": ["gwh"], "twh": ["twh"],
    "kw": ["kilowatts", "kilowatt", "kw"], "mw": ["megawatts", "megawatt", "mw"],
    "gw": ["gigawatts", "gigawatt", "gw"], "watt": ["watts", "watt"],
    "kv": ["kilovolts", "kilovolt", "kv"], "volt": ["volts", "volt"], "mah": ["mah"],
    "hp": ["horsepower", "bhp", "hp"],
    "gb": ["gigabytes", "gigabyte", "gb"], "mb": ["megabytes", "megabyte", "mb"], "tb": ["terabytes", "terabyte", "tb"],
    "mbps": ["mbps"], "gbps": ["gbps"],
    "hz": ["hertz", "hz"], "khz": ["kilohertz", "khz"], "mhz": ["megahertz", "mhz"], "ghz": ["gigahertz", "ghz"],
    "mpg": ["mpg", "miles per gallon"], "rpm": ["rpm"],
    "nanometre": ["nanometres", "nanometers", "nanometre", "nanometer"],
    "celsius": ["degrees celsius", "degrees c", "°c", "ºc", "celsius"],
    "fahrenheit": ["degrees fahrenheit", "degrees f", "°f", "ºf", "fahrenheit"],
    "degree": ["degrees", "degree", "°"],
    "second": ["seconds", "second", "secs", "sec"],
    "minute": ["minutes", "minute", "mins", "min"],
    "hour": ["hours", "hour", "hrs", "hr"],
    "day": ["days", "day"],
    "week": ["weeks", "week"],
    "month": ["months", "month"],
    "year": ["years", "year", "yrs", "yr"],
    "decade": ["decades", "decade"],
    "century": ["centuries", "century"],
}
_UNIT_OF = {s: u for u, forms in _UNITS.items() for s in forms}
_PERCENT_UNITS = {"percent", "percentage_point", "basis_point"}
_UNIT_ALT = _trie(_UNIT_OF).replace(r"\ ", r"\s+")  # a trie: most words fail on their first letter
# Digits take an optional space or a hyphen ("17km", "17 km", "10-year"); words need one.
# One-letter units only glued: "10W laser", "1.0l engine", "45g" (not "2 v 1", "5 W Street").
_GLUED_ONLY = {"w": "watt", "l": "l", "g": "g"}
_UNIT_OF.update(_GLUED_ONLY)
# A unit word is never the first part of a model designator ("three Mi-8", "two M-2").
_UNIT_GLUED = re.compile(rf"(?:(?:[ \u00a0]?|-)({_UNIT_ALT})|({'|'.join(_GLUED_ONLY)}))(?![^\W_]|-[0-9])",
                         re.IGNORECASE)
_UNIT_SPACED = re.compile(rf"(?:[ \u00a0]|-)({_UNIT_ALT})(?![^\W_]|-[0-9])", re.IGNORECASE)
_PERCENT = re.compile(r"[ \u00a0]?(%|percent\b|per\s?cent\b|pc\b|pct\b)", re.IGNORECASE)

# --------------------------------------------------------------------------- context before

_QUALS = {
    "approx": ["an estimated", "estimated at", "estimated", "about", "around", "some", "roughly",
               "approximately", "approx.", "approx", "nearly", "almost", "circa", "ca.", "c.",
               "close to", "in the region of", "on the order of", "somewhere around", "perhaps", "maybe",
               "~", "≈", "barely", "the best part of", "the better part of"],
    "at_least": ["more than", "well over", "well above", "over", "at least", "upwards of", "upward of",
                 "no fewer than", "no less than", "not fewer than", "not less than", "in excess of",
                 "exceeding", "above", "greater than", "a minimum of", "north of", ">=", "≥", ">"],
    "at_most": ["up to", "less than", "fewer than", "well under", "well below", "under", "below",
                "no more than", "not more than", "at most", "as many as", "as much as", "sub-",
                "a maximum of", "shy of", "<=", "≤", "<",
                # a cap stated as a negated verb: "their number does not exceed 2,000" (a modal before
                # "not" stays outside the phrase: "would not exceed 5,000" is hypothetical)
                *(f"{aux} not exceed" for aux in ("does", "do", "did")), "not exceed",
                *(f"{aux}{n} exceed" for aux in ("doesn", "don", "didn", "won") for n in ("'t", "’t")),
                "not exceeding", "not to exceed", "has not exceeded", "have not exceeded", "had not exceeded"],
    "between": ["between"],
    "from": ["from"],
}
_QUAL_KIND = {q: k for k, qs in _QUALS.items() for q in qs}
_LEADS = ["only", "just", "a mere", "merely"]
# Qualifiers are matched on the reversed left context, anchored: one match, no search.
_LEFT_REV = re.compile(
    rf"\s*(?:(?P<q>{_reversed_alt(_QUAL_KIND)})(?:\s+(?P<lead>{_reversed_alt(_LEADS)}))?"
    rf"|(?P<lead2>{_reversed_alt(_LEADS)}))", re.IGNORECASE)
# Prepositions that also introduce years ("over 2020", "around 1990").
_WEAK_QUALS = {"about", "around", "over", "under", "above", "below", "circa", "ca.", "c.", "some",
               "estimated", "well over", "well under", "well above", "well below"}
# Verbs whose particle is "over" ("handed over 20 tanks", "turned over"): no bound follows them.
_OVER_VERBS = {"hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning", "sign", "signs",
               "signed", "signing"}
_A_REV = re.compile(r"\s+(?:na|a)(?!\w)", re.IGNORECASE)
_MULT_REV = re.compile(
    rf"\s+(?:{_reversed_alt(['several', 'a few', 'few', 'some', 'many', 'a couple of', 'a couple'])})",
    re.IGNORECASE)
_SHARE_ADJ = ["overwhelming", "vast", "large", "huge", "slim", "narrow", "clear", "absolute", "simple",
              "substantial", "sizeable", "sizable", "significant", "great", "small", "tiny"]
_SHARE_REV = re.compile(rf"(?:\s+(?P<adj>{_reversed_alt(_SHARE_ADJ)}))?(?:\s+(?P<det>eht|na|a)(?!\w))?",
                        re.IGNORECASE)
_NUMERATOR = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9}
_NUMERATOR_REV = re.compile(rf"[\s-]+(?P<n>{_reversed_alt(_NUMERATOR)})", re.IGNORECASE)
_FRAC_AHEAD = re.compile(rf"[\s-]+{_trie(_FRACTION)}\b", re.IGNORECASE)
# "1/2", "1⁄32", "2 1/2": the denominators fractions are written with (not "9/11" or "24/7").
_SLASH_FRACTION = re.compile(
    r"(?:[ \u00a0]([0-9]{1,2}))?[/⁄](2|3|4|5|6|8|10|16|32|64|100|128)(?![0-9/⁄]|[.,:][0-9])")
_DATE_PREPS = {"on", "since", "from", "until", "till", "by", "before", "after", "dated"}
# "one in three Belarusians", "3 out of 10 voters": a share.
_ONE_IN = re.compile(r"[ \u00a0]+(?:in|out[ \u00a0]+of)[ \u00a0]+", re.IGNORECASE)

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_MONTH_BEFORE = re.compile(rf"[ \u00a0]+\.?(?:{_reversed_alt(re.findall(r'[A-Z][a-z]+', _MONTH))})")
_MONTH_AFTER = re.compile(rf"[ \u00a0]+(?:of[ \u00a0]+)?{_MONTH}\b")  # case-sensitive: "may" is a verb
_DESIGNATION_REV = re.compile(r"[ \u00a0]+(?:" + _reversed_alt(
    "article section chapter resolution paragraph clause page pages route highway flight room no. number "
    "vol. volume part level phase stage round gate platform line unit building episode season decree "
    "protocol version model type category step tier zone sector district item figure fig. table grade "
    "class channel block apartment division squadron corps group team brigade battalion regiment army".split())
    + ")", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"(?:^|(?<=[\s(/]))([^\W\d_][\w&'’.\-]*)[ \u00a0]\Z")
_SENTENCE_START = re.compile(r"(?:\A|[.!?:;\"“”\n(])[ \u00a0]*\Z")
_YEAR_PREV = {"in", "on", "since", "by", "until", "till", "from", "before", "after", "during", "of", "the",
              "early", "late", "mid", "year", "years", "spring", "summer", "autumn", "fall", "winter", "and",
              "to", "through", "between", "circa", "around", "about", "this", "that", "its", "their", "his",
              "her", "for", "at", "as", "s", "unlike", "than",
              "january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
              "sept", "oct", "nov", "dec"}

# --------------------------------------------------------------------------- context after

_RANGE_SEP = re.compile(r"[ \u00a0]*[-–‐][ \u00a0]*|\s+(to|and|or)\s+", re.IGNORECASE)
# A currency in front ("$7", "US$7", "RM300") is checked by _currency_before.
_NUM2 = re.compile(rf"(?P<cur>[A-Z]{{0,3}}[$€£¥₽₴₹]?[A-Z]{{0,2}}[ \u00a0]?)??(?P<dig>{_DIGITS_BODY})"
                   r"|(?P<word>\b(?=[a-z]))", re.IGNORECASE)
_RIGHT_QUAL = re.compile(r"\s+or\s+(?:(more|above|over|greater)|(so)|(fewer|less|under|below))\b",
                         re.IGNORECASE)
_PLUS = re.compile(r"(?:\+|-plus\b)(?![0-9+])")
# A bound stated after the counted noun: "5,000 troops at most", "20,000 soldiers at the very least".
_NOUN_QUAL = re.compile(r"[ \u00a0]+(?:at[ \u00a0]+(?:the[ \u00a0]+)?(?:very[ \u00a0]+)?(least)|or[ \u00a0]+(?:even[ \u00a0]+)?(more)"
                        r"|at[ \u00a0]+(?:the[ \u00a0]+)?most)\b(?![ \u00a0]+(?:in|partly|partially|for|of|once)\b)",
                        re.IGNORECASE)
_MORE_AHEAD = re.compile(r"[ \u00a0]+(?:more|additional|extra)\b", re.IGNORECASE)
_ODD = re.compile(r"-odd\b")  # "2,000-odd troops": about 2,000
_COMPOUND = re.compile(r"-([^\W\d_]+)(?:-[^\W\d_]+){0,4}(?![\w-])")
_ORDINAL = re.compile(r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
                      r"|twelfth|\w+teenth|\w+ieth|hundredth|thousandth|millionth)$", re.IGNORECASE)
# Glued letters/digits, "24/2", "10:30", "3.5.2022", "10^400", possessive "2020's".
_BAD_AFTER = re.compile(r"[^\W_]|[.,:/][0-9]|\^|['’]s\b")
_TIME_AFTER = re.compile(r"[ \u00a0]?(?:[ap]\.?m\b\.?|o['’]clock\b|(?:GMT|UTC|CET|EET|MSK)\b)", re.IGNORECASE)
_PHONE_BEFORE = re.compile(r"\+[0-9]{1,4}[ .\-]\Z")
_PHONE_AFTER = re.compile(r"[ .][0-9]|-[0-9]{2}-[0-9]")
_SEVEN_DIGITS = re.compile(r"(?:[^0-9]*[0-9]){7}")
_PHONE = re.compile(r"\+?\(?[0-9]{1,4}\)?(?:[ .\-]\(?[0-9]{2,4}\)?){2,5}")
_ONE_IDIOM_AFTER = re.compile(
    r"\s+(?:another|day|hand|way|by\s+one|could|would|can|must|might|should|may|is|has)\b|['’]s\b",
    re.IGNORECASE)
_ONE_IDIOM_BEFORE = {"no", "the", "this", "that", "which", "every", "any", "each"}
_VOF = re.compile(r"\s+of\s+(thousands|millions|billions)\b", re.IGNORECASE)
_OF_AHEAD = re.compile(r"\s+of\b", re.IGNORECASE)
_MULT_AT = re.compile(rf"({_trie([*_SCALE_EXP, 'dozen'])})s?(?:\s+(thousand|million|billion)s?)?\b",
                      re.IGNORECASE)  # every scale word a multiplier can stand before ("several trillion")
_HALF_A = re.compile(r"\s+an?\s+(dozen|hundred|thousand|million|billion)\b", re.IGNORECASE)
_OF_A_SCALE = re.compile(r"\s+of\s+an?\s+(hundred|thousand|million|billion)\b", re.IGNORECASE)  # "a quarter of a million"

# --------------------------------------------------------------------------- noun heuristic

_CLOSING = ("”", "’", '"', "»", "'")
_CLOSE_QUOTES = re.compile(r"[”’\"»']+")
_DETS = r"(?:the|their|its|his|her|our|your|my|these|those|this|that|all|such)"
# "of the 2,500 employees": determiners and a number in the complement are skipped.
_OF = re.compile(rf"[ \u00a0]+of[ \u00a0]+(?:{_DETS}[ \u00a0]+)*(?:[0-9][0-9,.]*[ \u00a0]+)?", re.IGNORECASE)
_SKIP_DET = re.compile(rf"[ \u00a0]*(?:{_DETS}(?=[ \u00a0]))?", re.IGNORECASE)
_TOKEN = re.compile(r"[ \t\u00a0]*([^\W\d_](?:[\w'’\-]*[^\W_])?)")
_US = re.compile(r"[ \t\u00a0]*(?:US|U\.S\.?)(?=[ \t\u00a0])")
_MODEL = re.compile(r"[A-Z][A-Za-z]*-\d[\w\-]*")  # a model designator: "T-72A", "Su-30SM", "S-400"
_PREV_WORD = re.compile(r"[^\w]{0,3}?([\w’']+)")  # on reversed text

# Closed-class words end the noun phrase after a number.
_STOP = set("""
of in on at by for with from to into onto over under between among amongst across through during against
toward towards near along around about after before since until till within without per via than as like
behind beyond inside outside upon off out up down away back
and or but nor so yet because while although though if whereas whether unless
the a an this that these those its their his her our my your some any each every no all both either neither
such what which who whom whose where when why how there here
is are was were be been being am have has had having do does did will would shall should can could may
might must 's ’s
i you he she it we they them him us me himself themselves itself
not never also already still now then just only even again soon too very ever always often almost nearly
according including plus minus times ago last next earlier later today yesterday tomorrow
said says say told tell reported reportedly allegedly
struck went came took made gave got began fought held fled won ran fell rose saw met sent brought thought
found kept stood sat led spent shot remain remains left remained stayed serve served
arrived landed crossed returned departed entered
""".split()) | set(_ONES) | set(_TENS) | set(_SCALE_EXP)
# Capitalised words before a number that are no name: sentence words, qualifiers ("About 200").
_NOT_NAMES = _STOP | {w for q in [*_QUAL_KIND, *_LEADS] for w in q.split()}
_SKIP = {"more", "less", "fewer", "additional", "extra", "other", "another", "further"}
_DEFINITE_PLURALS = {"men", "women", "people", "children", "persons", "feet", "teeth", "mice", "geese",
                     "servicemen", "servicewomen", "policemen", "gunmen", "militiamen"}
# Nouns that head or modify ("military personnel", "police officers", "aircraft carriers").
_MASS = {"military", "police", "personnel", "staff", "infantry", "aircraft", "equipment", "ammunition",
         "artillery", "cattle", "livestock", "crew", "armor", "armour", "weaponry", "hardware", "fish",
         "sheep", "deer", "data", "media", "cavalry", "militia"}
# Plural words that modify a noun after them ("special operations forces troops", "special forces soldiers").
_PLURAL_MODIFIERS = {"operations", "forces", "arms", "communications", "signals", "logistics", "missiles"}
# The endings of the adjectives of peoples: "Russian", "Belarusian", "Polish", "Chinese", "Baltic" (not "Kia", "Hyundai").
_DEMONYM_ENDINGS = ("an", "ish", "ese", "ic")
_LY_NOUNS = {"family", "ally", "italy", "assembly", "supply", "monopoly", "rally", "anomaly", "july",
             "reply", "belly", "bully", "folly", "lily", "jelly", "daily", "weekly", "monthly", "quarterly"}
_ED_ING_NOUNS = {"building", "buildings", "housing", "funding", "training", "bombing", "shelling",
                 "meeting", "shed", "bed", "speed", "seed", "feed", "need", "weed", "creed", "deed", "breed",
                 "thing", "king", "ring", "wing", "spring", "string", "sibling", "offspring", "evening",
                 "morning", "ceiling", "clothing", "warning", "hundred"}

# Determiner quantities only parse_quantity reports.
# "large numbers of troops": numbers of unknown size (the adjective says there are many, not how many)
_MANY_NUMBERS = ["large", "huge", "significant", "considerable", "substantial", "great", "vast", "growing",
                 "increasing", "sizeable", "sizable", "unknown", "unspecified"]
_DET_VAGUE = re.compile(
    r"(?P<q>a\s+few|few|several|many|some|numerous|multiple|various|countless|a\s+handful|"
    rf"a\s+number|a\s+lot|lots|plenty|most|a\s+couple|a\s+pair|(?:{'|'.join(_MANY_NUMBERS)})\s+numbers)\b"
    r"(?P<of>\s+of\b)?", re.IGNORECASE)
_DET_NEEDS_OF = {"a handful", "a number", "a lot", "lots", "plenty", "a couple", "a pair",
                 *(f"{adjective} numbers" for adjective in _MANY_NUMBERS)}
_DET_ONE = re.compile(r"(?:an?|one|a\s+single|another)\b", re.IGNORECASE)
_DET_NONE = re.compile(r"(?:no|not\s+a\s+single|not\s+one|none(?=\s+of\b))\b", re.IGNORECASE)  # "no Russian units remain": 0
_DET_LEAD = re.compile(r"(?:only|just|merely)\s+", re.IGNORECASE)  # "only a handful of troops"
# "a large portion of the army", "the bulk of the forces": a share of unknown size.
_PORTION = {"portion", "part", "share", "proportion", "bulk", "fraction", "percentage"}
_DET_PORTION = re.compile(r"the\s+bulk\b", re.IGNORECASE)
# "a quarter backed the plan", "two-thirds said": a share standing alone (with "of", find_numbers reads it)
_BARE_SHARE = re.compile(rf"(?P<n>{'|'.join(_NUMERATOR)})[\s-]+(?P<f>{'|'.join(sorted(_FRACTION, key=len, reverse=True))})\b(?!\s+of\b)",
                         re.IGNORECASE)
_SHARE_QUAL = re.compile("(?P<q>{})\\s+".format("|".join(
    sorted((q.replace(" ", r"\s+") for q, k in _QUAL_KIND.items() if k in ("approx", "at_least", "at_most")
            and q[0].isalpha() and not q.endswith(".")), key=len, reverse=True))), re.IGNORECASE)
# The words a determiner quantity can begin with: callers need not try parse_quantity elsewhere.
QUANTITY_STARTS = frozenset("a an one another no none not only just merely the few several many some numerous "
                            "multiple various countless lots plenty most".split() + _MANY_NUMBERS)
_COLLECTIVE = {"column", "columns", "convoy", "convoys", "number", "group", "groups", "batch", "contingent",
               "fleet", "wave", "waves", "stream", "flow", "host", "lot", "lots", "handful", "couple",
               "series", "range", "variety", "bunch", "train", "procession", "swarm", "crowd", "flood",
               "influx", "mass", "set", "shipment", "consignment", "string", "line", "caravan",
               "detachment", "squad", "unit", "platoon", "amount", "quantity", "quantities",
               "echelon", "echelons", "trainload", "trainloads", "caravan"}

# Nouns after which "a third", "a fourth" is an ordinal ("a fourth column", "a second battalion").
_ORDINAL_HEAD = re.compile(r"\s+(?:{})\b".format("|".join(sorted(
    _COLLECTIVE | {"battalion", "brigade", "regiment", "division", "squadron", "battery", "time", "round",
                   "phase", "stage", "day", "week", "month", "year", "consecutive", "straight"},
    key=len, reverse=True))), re.IGNORECASE)


# --------------------------------------------------------------------------- small helpers


def _is_plural(w: str) -> bool:
    """Plural-looking word ("troops", "F-16s", "men"), not "Belarus", "press", "its"."""
    return (len(w) > 2 and w[-1] == "s" and not w.endswith(("ss", "us", "is", "ous", "'s", "’s"))) \
        or w in _DEFINITE_PLURALS


def _prev_word(text: str, pos: int) -> str:
    m = _PREV_WORD.match(text[max(0, pos - 25):pos][::-1])
    return m.group(1)[::-1].lower() if m else ""


def _make(text, start, end, value, low, high, qual, unit, noun) -> NumberPhrase:
    n, ns, ne = noun if noun else ("", -1, -1)
    return NumberPhrase(start, end, text[start:end], value, low, high, qual, unit, n, ns, ne)


def _head(text: str, pos: int, singular: bool = False) -> tuple[str, int, int] | None:
    """(noun, start, end) of the head of the noun phrase at `pos`; see the module docs."""
    us = _US.match(text, pos)  # "2,000 US troops": the country, not the pronoun "us"
    if us:
        pos = us.end()
    cand = None
    for _ in range(6):
        m = _TOKEN.match(text, pos)
        if not m:
            break
        lw = m.group(1).lower()
        if lw in _STOP:
            if cand and lw in ("and", "or") and _coordinated_name(text, cand, m.end()):
                pos = m.end()  # "8,000 Russian and Belarusian troops": the noun is after both names
                continue
            break
        if lw in _SKIP or (lw.endswith("ly") and len(lw) > 3 and lw not in _LY_NOUNS):
            if cand:
                break  # an adverb after the head ends the phrase
            pos = m.end()
            continue
        if cand:
            if singular and _is_plural(lw) and lw not in _DEFINITE_PLURALS:
                break  # a verb: "one regiment remains"
            if lw.endswith(("ed", "ing")) and lw not in _ED_ING_NOUNS:
                nxt = _TOKEN.match(text, m.end())
                if not (nxt and _is_plural(nxt.group(1).lower())):
                    break  # "a battalion formed", but "infantry fighting vehicles"
        cand = (lw, m.start(1), m.end(1))
        pos = m.end()
        if lw in _DEFINITE_PLURALS or (not singular and _is_plural(lw) and lw not in _MASS
                                       and not (lw in _PLURAL_MODIFIERS and _noun_follows(text, pos))):
            break
        if pos >= len(text) or not text[pos].isspace():
            break  # punctuation ends the phrase
    return cand


def _coordinated_name(text: str, cand: tuple[str, int, int], pos: int) -> bool:
    """Is the word before 'and'/'or' a people's adjective coordinated with another one ("Russian
    and Belarusian troops", "Polish or Lithuanian soldiers"), not a head noun of its own ("500 tanks
    and Russia") or a brand ("Kia and Hyundai vehicles")?"""
    nxt = _TOKEN.match(text, pos)
    return (nxt is not None and _demonym(text, cand[1], cand[0])
            and _demonym(text, nxt.start(1), nxt.group(1).lower()))


def _demonym(text: str, start: int, lower: str) -> bool:
    return text[start].isupper() and lower.endswith(_DEMONYM_ENDINGS)


def _noun_follows(text: str, pos: int) -> bool:
    """Does a plural or mass noun follow at `pos` ("operations | troops", "forces | personnel")?"""
    nxt = _TOKEN.match(text, pos)
    if not nxt:
        return False
    w = nxt.group(1).lower()
    return w not in _STOP and (_is_plural(w) or w in _MASS)


def _of_head(text: str, pos: int) -> tuple[str, int, int] | None:
    """Head of an "of" complement at `pos` ("of the Russian troops" -> "troops")."""
    m = _OF.match(text, pos)
    return _head(text, m.end()) if m else None


def _noun_after(text: str, pos: int, singular: bool = False) -> tuple[str, int, int] | None:
    m = _CLOSE_QUOTES.match(text, pos) if text.startswith(_CLOSING, pos) else None  # “more than one thousand” Russian
    if m:
        pos = m.end()
    m = _OF.match(text, pos)
    return _head(text, m.end()) if m else _head(text, pos, singular)


def _left_context(text: str, s: int, lo: int) -> tuple[int, str | None, int | None, str]:
    """(start incl. lead/qualifier words, qualifier kind, qualifier start, qualifier text)."""
    m = _rev(_LEFT_REV, text, s, lo)
    if m is None:
        return s, None, None, ""
    if m.group("q"):
        q_start = s - m.end("q")
        qtext = " ".join(m.group("q")[::-1].lower().split())
        if qtext == "over" and _prev_word(text, q_start) in _OVER_VERBS:
            return s, None, None, ""  # "handed over four jets": a particle, not "more than"
        start = s - m.end("lead") if m.group("lead") else q_start
        return start, _QUAL_KIND[qtext], q_start, qtext
    if m.group("lead2"):
        return s - m.end("lead2"), None, None, ""
    return s, None, None, ""


def _lead_start(text: str, s: int, lo: int) -> int:
    """Start of "only"/"just" lead words before `s` (qualifiers are not taken)."""
    start, _, q_start, _ = _left_context(text, s, lo)
    return s if q_start is not None else start


def _bound(value: float, kind: str | None) -> tuple[float | None, float | None, str]:
    """(low, high, qualifier) for a single value and a qualifier kind."""
    if kind == "approx":
        return None, None, kind
    if kind == "at_least":
        return value, None, kind
    if kind == "at_most":
        return None, value, kind
    return value, value, "exact"


def qualified_before(value: float, text: str, start: int) -> tuple[float | None, float | None, str] | None:
    """(low, high, qualifier) of `value` as the qualifier written right before text[start:] bounds
    it ("roughly the same share", "more than that"), or None when no qualifier stands there."""
    kind = _left_context(text, start, max(0, start - 40))[1]
    return _bound(value, kind) if kind in ("approx", "at_least", "at_most") else None


# --------------------------------------------------------------------------- number cores


_MAX_DIGITS = 15  # significant digits a float holds exactly
_DOT_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")  # "30.000": a count has no thousandths
_NO_GROUPING = str.maketrans("", "", "," + _GROUP_SPACES)


def _share(fraction: float) -> float:
    """A fraction as percent, to 6 significant digits: 1/3 -> 33.3333, 1/128 -> 0.78125."""
    return float(f"{100 * fraction:.6g}")


class _Num:
    """A number core: value, where it ends, and how it was written."""
    __slots__ = ("value", "end", "cur", "scaled", "raw", "plain_int", "words", "exp", "fraction")

    def __init__(self, value, end, cur="", scaled=False, raw="", plain_int=False, words=False, exp=0, fraction=False):
        self.value, self.end, self.cur, self.scaled = value, end, cur, scaled
        self.raw, self.plain_int, self.words, self.exp = raw, plain_int, words, exp
        self.fraction = fraction  # written as a fraction: "1/2", "½", "2 1/2"


def _words_value(s: str) -> tuple[int, int] | None:
    """Value of the spelled-out number at the start of `s`, and how many chars it uses."""
    total, cur, last, big, best, skip = 0, 0, None, 99, None, 0
    low = s.lower()
    for m in re.finditer(r"[a-z]+", low):
        w = m.group()
        if m.start() < skip:
            continue
        if w in ("a", "an") and last is None:
            cur, last = 1, "a"
            continue
        half = _AND_HALF.match(low, m.start()) if w == "and" else None
        if half and last in ("unit", "teen", "tens", "tensunit", "scale"):
            # "one and a half (thousand)": half a unit; "a million and a half": half the scale
            if last == "scale":
                total += 10 ** big / 2
            else:
                cur += 0.5
            last, skip, best = ("end" if last == "scale" else "half"), half.end(), (total + cur, half.end())
            continue
        if w == "and":
            if last not in ("hundred", "scale"):
                break
            last = "and"
            continue
        if w in _ONES and _ONES[w] < 10:
            if last == "tens" and cur % 10 == 0:
                last = "tensunit"
            elif last in (None, "hundred", "scale", "and"):
                last = "unit"
            else:
                break
            cur += _ONES[w]
        elif w in _ONES or w in _TENS:
            if last not in (None, "hundred", "scale", "and"):
                break
            cur += _ONES.get(w) or _TENS[w]
            last = "tens" if w in _TENS else "teen"
        elif w == "hundred":
            if last not in ("unit", "teen", "tens", "tensunit", "a") or cur >= 100:
                break
            cur, last = cur * 100, "hundred"
        elif w == "dozen":
            if last not in ("unit", "teen", "tens", "tensunit", "a") or total:
                break
            return cur * 12, m.end()
        elif w in _SCALE_EXP:
            exp = _SCALE_EXP[w]
            if last not in ("unit", "teen", "tens", "tensunit", "hundred", "a", "half") or exp >= big:
                break
            total, cur, big, last = total + cur * 10 ** exp, 0, exp, "scale"
        else:
            break
        best = (total + cur, m.end())
    return best


def _read_digits(text: str, s: int, e: int, cur: str) -> _Num | None:
    raw = text[s:e]
    if not raw.isdigit():  # grouped ("30,000", "30 000") or a decimal comma ("1,5 thousand")
        raw = raw.replace(",", ".") if "," in raw and _DECIMAL_COMMA_AT.fullmatch(raw) else raw.translate(_NO_GROUPING)
    if len(raw) > _MAX_DIGITS and (len(raw) > 30 or len(raw.lstrip("0").replace(".", "").rstrip("0")) > _MAX_DIGITS):
        return None  # IDs, hashes, absurd strings: a float cannot hold them exactly
    fraction, e = _fraction_after(text, s, e, raw)
    if fraction is not None:
        raw = ""  # the value is no longer a decimal string
    exp, scaled = 0, False
    m = _SCALE_GLUED.match(text, e) if text[e:e + 1] in _SCALE_GLUED_FIRST else None
    if m and m.group(1) in ("m", "b", "B") and not cur:
        # "$5m", "5M" and "1.5m people" are millions; "100m sprint", "3.5m high" are metres.
        nxt = _TOKEN.match(text, m.end()) if m.group(1) == "m" else None
        if not (nxt and _is_plural(nxt.group(1))):
            m = None
    if m is None and text[e:e + 1] in (" ", "\u00a0"):
        m = _SCALE_SPACED.match(text, e)
    if m:
        exp = _SCALE_SUFFIX_EXP[m.group(1).lower()]
        if m.re is _SCALE_SPACED and m.group(2):  # "2 hundred thousand"
            exp += _SCALE_EXP[m.group(2).lower()]
        scaled, e = True, m.end()
    elif text.find("illion", e, e + 24) >= 0 and _UNKNOWN_SCALE.match(text, e):
        return None
    elif fraction is None and raw and text[e:e + 2].strip()[:1] in ("×", "x") and _TIMES_TEN.match(text, e):
        m = _TIMES_TEN.match(text, e)  # "2.998×10−8", "6.02 x 10^23"
        exp = int(m.group(m.lastindex).translate(_SUPERSCRIPT).replace("−", "-").replace("⁻", "-"))
        if abs(exp) > 300:
            return None
        scaled, e = True, m.end()
    if fraction is not None:
        return _Num(fraction * 10 ** exp, e, cur, scaled, "", False, False, exp, fraction=True)
    if not scaled and not cur and "." in raw and _DOT_THOUSANDS.fullmatch(raw) and _counts_ahead(text, e):
        raw = raw.replace(".", "")  # "30.000 troops": thousands grouped with a dot (as in German), not 30
    value = float(f"{raw}e{exp}" if exp else raw)  # exact decimal scaling: 2.3bn is 2300000000.0
    return _Num(value, e, cur, scaled, raw, not scaled and raw.isdigit() and len(raw) == e - s, False, exp)


def _counts_ahead(text: str, e: int) -> bool:
    """Does a count of things follow the number ending at e ("troops", "-strong", "-10.000")?
    A percent, a unit or no noun at all ("3.500 percent", "2.500km", "index at 96.088.") keep
    their decimals."""
    if text.startswith("-", e):
        return not _UNIT_GLUED.match(text, e)
    nxt = _TOKEN.match(text, e)
    return bool(nxt) and _is_plural(nxt.group(1)) and not _PERCENT.match(text, e) and not _UNIT_GLUED.match(text, e)


def _fraction_after(text: str, s: int, e: int, raw: str) -> tuple[float | None, int]:
    """(value, end) of "½", "2½", "1/2", "1⁄32", "2 1/2" read from digits `raw` at [s, e)."""
    if len(raw) == 1 and raw in _VULGAR:
        return unicodedata.numeric(raw), e
    if not raw.isdigit() or len(raw) != e - s:
        return None, e
    nxt = text[e:e + 1]
    if nxt and nxt in _VULGAR:
        return int(raw) + unicodedata.numeric(nxt), e + 1
    if nxt not in ("/", "⁄") and not (nxt in (" ", "\u00a0") and text[e + 1:e + 2].isdigit()):
        return None, e
    m = _SLASH_FRACTION.match(text, e)
    if not m:
        return None, e
    whole, num, den = (int(raw), int(m.group(1)), int(m.group(2))) if m.group(1) else (0, int(raw), int(m.group(2)))
    if not 0 < num < den or (not whole and _prev_word(text, s) in _DATE_PREPS):
        return None, e  # "3/2", "on 1/2" (a date)
    return whole + num / den, m.end()


def _read_words(text: str, s: int) -> _Num | None:
    m = _WORDSEQ.match(text, s)
    got = _words_value(m.group()) if m else None
    if not got:
        return None
    value, used = got
    if _UNKNOWN_SCALE.match(text, s + used):
        return None
    # A trailing scale word lets a range share it: "five to seven million".
    last = text[s:s + used].lower().replace("-", " ").split()[-1]
    exp = _SCALE_EXP.get(last, 0)
    return _Num(float(value), s + used, "", bool(exp), "", False, True, exp)


def _currency_before(text: str, s: int, lo: int) -> tuple[str, int]:
    """(currency code, start of the symbol) for "$5", "US$10", "€200", "USD 5"; ("", s) if none."""
    end = s - 1 if text[s - 1:s] in (" ", "\u00a0") else s
    if end <= lo or text[end - 1] not in _CURRENCY_ENDS:
        return "", s  # most numbers: no symbol or code can end here
    m = _rev(_CUR_REV, text, s, lo, 4)
    if not m:
        return "", s
    sym = m.group()[::-1].strip().lower()
    return _CUR_SYMBOL.get(sym, sym), s - m.end()


def _bad_after_digits(text: str, end: int) -> bool:
    if text[end:end + 1] in ("", " "):
        return False  # most numbers: nothing glued to them
    return bool(_BAD_AFTER.match(text, end)) and not _UNIT_GLUED.match(text, end) \
        and not _PERCENT.match(text, end)


def _read_second(text: str, pos: int) -> _Num | None:
    """The second number of a range, at `pos`."""
    m = _NUM2.match(text, pos)
    if not m:
        return None
    if m.group("dig"):
        cur, cs = _currency_before(text, m.start("dig"), pos)
        if cs != pos:
            return None  # letters that are no currency: "5-T72"
        n = _read_digits(text, m.start("dig"), m.end("dig"), cur)
        return None if n is None or _bad_after_digits(text, n.end) else n
    return _read_words(text, pos)


# --------------------------------------------------------------------------- rejections


def _not_a_quantity(text: str, s: int, n1: _Num) -> bool:
    """Dates, times, list markers, designations, phone numbers and "no one"-style idioms."""
    e = n1.end
    if n1.words:
        if n1.value == 1 and e - s <= 3:
            return _prev_word(text, s) in _ONE_IDIOM_BEFORE or bool(_ONE_IDIOM_AFTER.match(text, e))
        return text.startswith(("'s", "’s"), e)
    if not n1.plain_int:
        return n1.raw.isdigit() and not n1.scaled and " " in text[s:e] and _grouped_phone(text, s, e)
    v = n1.value
    ch = text[e:e + 1]
    if ch == ")":
        window = text[max(0, s - 60):s]
        if window.rfind("(") <= max(window.rfind(")"), window.rfind("\n")) or (window[-1:] == "(" and v < 100):
            return True  # "1) Prep for ...", "(2)"
    if ch == "." and text[e + 1:e + 2] in (" ", "\t") and not text[text.rfind("\n", 0, s) + 1:s].strip():
        return True  # "1. First item"
    if 1 <= v <= 31 and (_rev(_MONTH_BEFORE, text, s, 0, 12) or _MONTH_AFTER.match(text, e)):
        return True  # "March 26", "24 February"
    if v <= 24 and _TIME_AFTER.match(text, e):
        return True  # "5pm", "10 a.m."
    if _rev(_DESIGNATION_REV, text, s, 0, 14):
        return True  # "Article 5", "Resolution 2231"
    if text[s:e].startswith("0") and e - s > 1:
        return True  # "0401 GMT", "007": codes
    return (not n1.cur and _named(text, s, e)) or _phone_like(text, s)


def _named(text: str, s: int, e: int) -> bool:
    """A number that is part of a name: "S&P 500 fell", "iPhone 11 Pro", "Game 7", "Boeing 737 Max"
    (a name right before it, and nothing counted after it)."""
    if s < 2 or text[s - 1] not in " \u00a0" or not (text[s - 2].isalpha() or text[s - 2] in "&.-"):
        return False
    begin = text.rfind(" ", max(0, s - 30), s - 1) + 1 or max(0, s - 30)  # the name follows a space
    if text[begin:s - 1].islower():
        return False  # "the 200": no capital, no name
    m = _NAME_BEFORE.search(text, begin, s)
    if not m:
        return False
    name = m.group(1)
    caps = sum(ch.isupper() for ch in name)
    if not caps or name.lower() in _NOT_NAMES:
        return False
    if caps == 1 and name[0].isupper() and _SENTENCE_START.search(text, max(0, m.start(1) - 4), m.start(1)):
        return False  # "Yesterday 300 arrived": a capital that only starts the sentence
    if text[e:e + 1] == "-" or _UNIT_GLUED.match(text, e) or _PERCENT.match(text, e):
        return False  # "Belarus 5,000-strong", "Minsk 30 km"
    nxt = _TOKEN.match(text, e)
    if nxt and _MODEL.fullmatch(nxt.group(1)):  # "handed Russia 130 T-72A tanks": what is counted follows the model
        nxt = _TOKEN.match(text, nxt.end())
    return not (nxt and nxt.group(1)[0].islower() and _is_plural(nxt.group(1)))  # "Hajun 30 trucks"


def _grouped_phone(text: str, s: int, e: int) -> bool:
    """Digit groups that are a phone number, not thousands: "+375 29 123 45 67", "29 123-45-67"."""
    return bool(_PHONE_BEFORE.search(text, max(0, s - 8), s) or _PHONE_AFTER.match(text, e))


def _phone_like(text: str, s: int) -> bool:
    """Is the number at `s` part of a phone number (it may be the last groups of one)?"""
    ws = max(0, s - 20) if text[max(0, s - 3):s].strip(" .-()").isdigit() else s - (text[s - 1:s] in ("+", "("))
    if not _SEVEN_DIGITS.match(text, ws, s + 20):
        return False  # most numbers: too few digits around for a phone number
    return any(pm.start() <= s < pm.end() and sum(c.isdigit() for c in pm.group()) >= 7
               for pm in _PHONE.finditer(text, ws, s + 20))


def _year_alone(text: str, s: int, n1: _Num, lo: int) -> bool:
    """A year with punctuation right after it ("in 2026.", "May 2022,"), where no range, unit or
    noun can follow: a date unless a qualifier makes it a count ("more than 2000."). Decided
    before the work whose outcome `_count_year` would otherwise say the same after."""
    if n1.cur or not (n1.plain_int and len(n1.raw) == 4 and 1900 <= n1.value <= 2100) \
            or text[n1.end:n1.end + 1] not in ("", ",", ".", ";", ":", "!", "?", ")"):
        return False
    _, kind, _, qtext = _left_context(text, s, lo)
    return kind in ("between", "from") or not _count_year(text, s, qtext, None)


def _count_year(text: str, start: int, qtext: str, noun) -> bool:
    """Is a year-like number (four digits, 1900-2100) a count rather than a date?"""
    if qtext and qtext not in _WEAK_QUALS:
        return True  # "more than 2000", "up to 1950"
    if not noun or not _is_plural(noun[0]) or not text[noun[1]].islower():
        return False  # "in 2020", "the 2020 Olympics"
    return _prev_word(text, start) not in _YEAR_PREV


# --------------------------------------------------------------------------- builders


_CHANGE_VERBS = """rose rise rises risen rising increased increase increases increasing grew grow grows grown growing
fell fall falls fallen falling dropped drop drops dropping declined decline declines declining decreased decrease
decreases jumped jumps climbed climbs gained gains lost loses slid slides slipped slips cut cuts reduced reduces
raised raises boosted boosts expanded expands shrank shrunk shrinks soared soars plunged plunges tumbled tumbles
surged surges edged edges added adds lifted lifts lowered lowers narrowed narrows widened widens up down""".split()
# "grew by 5,000 to 30,000" (reversed): the first number is a change.
_CHANGED_BY_REV = re.compile(rf"\s+yb\s+(?:{_reversed_alt(_CHANGE_VERBS)})", re.IGNORECASE)
_CHANGED_REV = re.compile(rf"\s+(?:{_reversed_alt(_CHANGE_VERBS)})", re.IGNORECASE)  # "cut 7,000 to 5,000"
# "fell from 5% to 3%", "dropped sharply from 40%": a change verb before "from"
_FROM_CHANGED_REV = re.compile(
    rf"\s+morf(?:\s+(?:{_reversed_alt(['sharply', 'slightly', 'steadily', 'further', 'significantly'])}))?"
    rf"\s+(?:{_reversed_alt(_CHANGE_VERBS)})", re.IGNORECASE)
_PAIR = "pair"  # _range's answer for "3-1", "2-2", "3888-2": a score or a code, not a quantity
_YEAR_PREPOSITIONS = {"in", "since", "during", "by", "until", "till", "before", "after", "of"}


def _range(text: str, s: int, n1: _Num, kind: str | None):
    """(low, high, end, unit, second number) when a second number makes a range, else None
    (or _PAIR for two hyphenated numbers that make neither a range nor a quantity).

    A range states its unit on both ends or on the second only, and comes in either order when
    its words say it is one ("between 7,000 and 5,000"). Otherwise the two numbers are a change
    and a level ("rose 8 percent to 99", "grew by 5,000 to 30,000") or a date and a count
    ("in 2018 to 3.9 million"), never a range."""
    u1 = None
    sep = _RANGE_SEP.match(text, n1.end)
    if not sep or not _NUM2.match(text, sep.end()):
        u1 = _unit_at(text, n1)  # "20% to 30%", "between 15kHz and 17kHz"
        sep = _RANGE_SEP.match(text, u1[1].end()) if u1 else None
        if not sep:
            return None
    word = (sep.group(1) or "").lower()
    if word == "and" and kind != "between":
        return None  # "20,000 and 30,000" are two numbers
    if (kind == "between" and word not in ("and", "")) or (kind == "from" and word not in ("to", "")):
        return None
    stated = kind in ("between", "from")  # the words say it is a range
    if word == "or" and n1.scaled:
        return None  # "25k or 40k": two figures, each with its own scale
    if not stated and word in ("to", "") and n1.plain_int and 1900 <= n1.value <= 2100 \
            and _prev_word(text, s) in _YEAR_PREPOSITIONS:
        return None  # "rose 60% in 2018 to 3.9 million"
    n2 = _read_second(text, sep.end())
    if n2 is None or (n2.cur and (u1 or n2.cur != n1.cur)):
        return None  # "fell 3.5 percent to $120.50" is a change, not a range
    u2 = _unit_at(text, n2)
    if u1 and (u2[0] != u1[0] if u2 else not stated):
        return None  # "rose 8 percent to 99", "fell 8 percent to 99 yuan": a change, then a level
    if not stated and not (u2 and not u1) and _rev(_CHANGED_BY_REV, text, s, 0, 30):
        return None  # "grew by 5,000 to 30,000": a change, then a level (not "rose by 5 to 7 percent")
    lo, hi = n1.value, n2.value
    if n2.scaled and not n1.scaled:
        shared = float(f"{n1.raw}e{n2.exp}") if n1.raw else n1.value * 10 ** n2.exp
        # "5 to 7 million": the first number borrows the second's scale if that keeps it
        # smaller, or, in a stated range, keeps it within a factor of ten ("between 7 and 5 million").
        if n1.value < n2.value / 10 ** n2.exp or (stated and hi < shared < 10 * hi):
            lo = shared
    if lo > hi and (stated or n1.value >= 1000 and 10 * hi >= lo and (
            not word or word in ("to", "or") and not _rev(_CHANGED_REV, text, s, 0, 30))):
        lo, hi = hi, lo  # "between 7,000 and 5,000", "12,000-9,000", "7,000 to 5,000 troops" (not "cut 7,000 to 5,000")
    if not lo < hi:
        return _PAIR if not word else None
    end, unit = n2.end, n1.cur or n2.cur
    shared = (u2 or u1)[0] if (u1 or u2) else ""
    if shared == "percent":
        end, unit = (u2[1].end() if u2 else end), "percent"
    elif u1 and not u2:
        unit = u1[0]  # "from 208 pounds to 193"
    return lo, hi, end, unit, n2


def _unit_at(text: str, n: _Num) -> tuple[str, re.Match] | None:
    """(unit, match) of a percent sign or measurement unit right after the number `n`."""
    m = _PERCENT.match(text, n.end)
    if m:
        return "percent", m
    m = (_UNIT_SPACED if n.words else _UNIT_GLUED).match(text, n.end)
    return (_UNIT_OF[" ".join(m.group(m.lastindex).lower().split())], m) if m else None


def _build_number(text: str, s: int, n1: _Num, lo: int) -> NumberPhrase | None:
    """A digit or spelled-out number starting at `s`, with qualifiers, range, unit and noun."""
    if not n1.words and _bad_after_digits(text, n1.end):
        return None  # "38th", "1990s", "10:30", "24/2", "5G": no range, unit or share can follow
    if _year_alone(text, s, n1, lo) or _not_a_quantity(text, s, n1):
        return None
    share = _one_in(text, n1)
    if share:  # "nearly one in three Belarusians"
        return _fraction_phrase(text, s, share[1], share[0], "percent", _noun_after(text, share[1]), lo)
    start, kind, q_start, qtext = _left_context(text, s, lo)
    # "support fell from 5% to 3%": a share then and now, two figures (a poll's waves), not a range; other
    # measures keep NewsQuant's reading of a change as a range ("fell from $2,415 to $2,315")
    changed = kind == "from" and _PERCENT.match(text, n1.end) and _rev(_FROM_CHANGED_REV, text, s, lo, 40)
    if changed:
        start, kind, qtext = s, None, ""
    value = low = high = n1.value
    qual, unit, p, last = "exact", n1.cur, n1.end, n1
    if n1.fraction and not unit and _OF_AHEAD.match(text, p):
        value = low = high = _share(n1.value)  # "1/3 of the army", as "a third of"
        unit = "percent"
    rng = None if changed else _range(text, s, n1, kind)
    if rng is _PAIR:
        return None
    if rng:
        low, high, p, unit, last = rng
        value, qual = None, "range"
        if n1.plain_int and last.plain_int and 1900 <= n1.value and high <= 2100 and not unit:
            return None  # "2019-2020", "between 2014 and 2022"
        if last.plain_int and high <= 31 and _MONTH_AFTER.match(text, last.end):
            return None  # "10-20 February", "from 10 to 20 February": days, a date
        if kind not in ("between", "from") and q_start is not None:
            start, kind, qtext = s, None, ""  # approx/bound words do not change a range
    elif kind in ("between", "from"):
        start, kind, qtext = s, None, ""

    unit_match = None
    if not unit:
        um = (_UNIT_SPACED if last.words else _UNIT_GLUED).match(text, p)
        if um:
            unit, unit_match, p = _UNIT_OF[" ".join(um.group(um.lastindex).lower().split())], um, um.end()

    if kind is None and not rng:
        plus = _PLUS.match(text, p) if not n1.words and p == n1.end and text.startswith(("+", "-plus"), p) else None
        odd = _ODD.match(text, p) if not plus and p == n1.end and text.startswith("-odd", p) else None
        rq = None if plus or odd else _RIGHT_QUAL.match(text, p)
        if plus:
            kind, p = "at_least", plus.end()  # "500+"
        elif odd:
            kind, p = "approx", odd.end()
        elif rq:
            kind = "at_least" if rq.group(1) else "approx" if rq.group(2) else "at_most"
            p = rq.end()
    elif kind == "approx" and not rng:
        rq = _RIGHT_QUAL.match(text, p)
        if rq and rq.group(2):
            p = rq.end()  # "around 2,000 or so soldiers": the hedge said twice, the noun after it
    if not rng:
        low, high, qual = _bound(value, kind)

    noun = _counted_noun(text, p, n1, unit, unit_match, singular=(qual == "exact" and value == 1))
    if noun is False:
        return None
    if n1.plain_int and not rng and not unit and 1900 <= n1.value <= 2100 and len(n1.raw) == 4:
        if not _count_year(text, start, qtext, noun):
            return None
    if noun and kind is None and not rng:  # "5,000 troops at most", "20,000 soldiers or more"
        after = _NOUN_QUAL.match(text, noun[2])
        if after:
            low, high, qual = _bound(value, "at_least" if after.group(1) or after.group(2) else "at_most")
    return _make(text, start, p, value, low, high, qual, unit, noun)


def _one_in(text: str, n1: _Num) -> tuple[float, int] | None:
    """(percent, end) of "one in three", "3 out of 10": a share, never a year ("1 in 2020")."""
    if n1.scaled or n1.cur or n1.fraction or n1.value < 1:
        return None
    m = _ONE_IN.match(text, n1.end)
    if not m:
        return None
    n2 = _read_second(text, m.end())
    if n2 is None or n2.scaled or n2.cur or n2.fraction or not n1.value < n2.value <= 1000:
        return None
    return _share(n1.value / n2.value), n2.end


def _counted_noun(text: str, p: int, n1: _Num, unit: str, unit_match, singular: bool):
    """The counted noun, None if there is none, False if the number is not a count after all."""
    cm = _COMPOUND.match(text, p) if text.startswith("-", p) else None  # "48,000-man-strong", "10-year-old"
    if cm:
        if _ORDINAL.match(cm.group(1)):
            return False  # "twenty-first"
        if n1.words and n1.value == 1 and not unit_match:
            return False  # "one-sided", "one-off"
        p = cm.end()
    if unit in _PERCENT_UNITS:
        return _of_head(text, p)  # "3 percent of Belarusians"; "2% want Minsk to..." has none
    if unit_match:
        # Measures name what they measure ("12,000 tons of ammunition"), else the unit word.
        g = unit_match.lastindex
        return _of_head(text, p) or (unit_match.group(g).lower(), unit_match.start(g), unit_match.end(g))
    return _noun_after(text, p, singular)


def _build_digits(text: str, s: int, e: int, lo: int) -> NumberPhrase | None:
    c = text[s - 1] if s > lo else ""
    if c == "." and text[s].isdigit() and (s - 1 == lo or not (text[s - 2].isalnum() or text[s - 2] in _BAD_BEFORE)):
        if "." in text[s:e]:
            return None  # ".8.2": a version or a code, not a number
        s, c = s - 1, ""  # ".5", "a .500 record" (a decimal point never starts "½")
    cur, start = _currency_before(text, s, lo)
    sign = _sign_before(text, start, lo)
    if sign:
        start -= sign.end()
        if not cur:
            cur, start = _currency_before(text, start, lo)
    elif not cur and c and (c.isalnum() or c in _BAD_BEFORE):
        return None  # "G7", "3.5.2022", "#1", "’22"
    elif not cur and c and c in "-–‐" and s > 1 and (text[s - 2].isalnum() or text[s - 2] in "-–‐") \
            and not _rev(_SUB_REV, text, s, lo, 5):
        return None  # "T-72A", "COVID-19", the second half of a failed range "3-1"; not "sub-7"
    n1 = _read_digits(text, s, e, cur)
    if n1 and sign:
        n1.value, n1.raw, n1.plain_int = -n1.value, "-" + n1.raw, False
    return _build_number(text, start, n1, lo) if n1 else None


def _sign_before(text: str, start: int, lo: int) -> re.Match | None:
    """A minus sign or word right before `start`: "-5", "−5", "minus 5", "-$5", "$-50.8bn"."""
    if start <= lo or not (text[start - 1] in "-−" or text[start - 2:start] in ("s ", "S ", "s\u00a0", "S\u00a0")
                           and "minus" in text[max(0, start - 7):start].lower()):
        return None
    return _rev(_MINUS_REV, text, start, 0, 8)  # lo 0: the sign's own left edge decides, not the last phrase


def _build_word(text: str, s: int, e: int, w: str, lo: int) -> NumberPhrase | None:
    if w in _VAGUE_PLURALS:
        return _build_vague(text, s, e, w, lo)
    if w in _SHARE_WORDS:
        return _build_share(text, s, e, w, lo)
    if w in _FRACTION:
        return _build_fraction(text, s, e, w, lo)
    if w in _SCALE_EXP or w == "dozen":
        m = _rev(_MULT_REV, text, s, lo)
        if m:  # "several hundred", "a few thousand": the multiplier is the floor
            mm = _MULT_AT.match(text, s)
            low = _VAGUE_LOW[mm.group(1).lower()] * (_VAGUE_LOW[mm.group(2).lower()] if mm.group(2) else 1)
            start = _lead_start(text, s - m.end(), lo)
            return _make(text, start, mm.end(), None, low, None, "vague", "", _noun_after(text, mm.end()))
        m = _rev(_A_REV, text, s, lo)
        if not m:
            return None  # a bare "thousand" is not a number
        s -= m.end()
    elif _FRAC_AHEAD.match(text, e):
        return None  # "two-thirds": built from the fraction word
    n1 = _read_words(text, s)
    return _build_number(text, s, n1, lo) if n1 else None


def _build_vague(text: str, s: int, e: int, w: str, lo: int) -> NumberPhrase | None:
    """"hundreds", "tens of thousands", "scores of": vague magnitudes with a floor."""
    low = _VAGUE_LOW[w]
    m = _VOF.match(text, e) if w in ("tens", "hundreds", "dozens", "scores") else None
    if m:
        low, e = low * _VAGUE_LOW[m.group(1).lower()], m.end()
    elif w in ("tens", "scores") and not _OF_AHEAD.match(text, e):
        return None  # "test scores"
    m = _rev(_MULT_REV, text, s, lo)  # "many thousands"
    start = _lead_start(text, s - m.end() if m else s, lo)
    noun = _of_head(text, e) or (_head(text, e) if _MORE_AHEAD.match(text, e) else None)  # "hundreds more troops"
    return _make(text, start, e, None, low, None, "vague", "", noun)


def _build_share(text: str, s: int, e: int, w: str, lo: int) -> NumberPhrase | None:
    """"the (vast) majority" (vague, low 50 percent), "a minority of" (vague, no bounds)."""
    of = _OF_AHEAD.match(text, e)
    m = _rev(_SHARE_REV, text, s, lo)
    if w == "minority" and not of:
        return None  # "the Polish minority" is a group, not a share
    if w == "majority" and not of and not m.group("adj") and not m.group("det"):
        return None  # "majority stake", "majority leader"
    if _RESTATED.match(text, e):
        return None  # "the majority of Belarusians (over 80%)": the figure in brackets says it
    start = _lead_start(text, s - m.end(), lo)
    low = 50.0 if w == "majority" else None
    return _make(text, start, e, None, low, None, "vague", "percent", _of_head(text, e))


def _build_fraction(text: str, s: int, e: int, w: str, lo: int) -> NumberPhrase | None:
    """"half", "a third", "two-thirds", "three quarters" of X: exact shares in percent."""
    m = _rev(_NUMERATOR_REV, text, s, lo)
    num = _NUMERATOR[m.group("n")[::-1].lower()] if m else None
    if w == "half":
        ha = _HALF_A.match(text, e)
        if ha and not m:  # "half a million" is a number, not a share
            scale = ha.group(1).lower()
            value = 0.5 * (12 if scale == "dozen" else 10 ** _SCALE_EXP[scale])
            return _fraction_phrase(text, s, ha.end(), value, "", _noun_after(text, ha.end()), lo)
        if _prev_word(text, s - m.end() if m else s) in ("first", "second", "latter", "former"):
            return None  # "the first half of 2023"
        num = 1
    elif num is None or (w.endswith("s") != (num > 1)):
        return None  # "the third quarter", "a thirds"
    scaled = _OF_A_SCALE.match(text, e)
    if scaled:  # "a quarter of a million troops" is a number, not a share
        value = float(f"{num / _FRACTION[w] * 10 ** _SCALE_EXP[scaled.group(1).lower()]:.6g}")
        return _fraction_phrase(text, s - m.end() if m else s, scaled.end(), value, "",
                                _noun_after(text, scaled.end()), lo)
    if not _OF_AHEAD.match(text, e) or _RESTATED.match(text, e):
        return None  # "more than half of Belarusians (54%)": the figure in brackets says it
    value = _share(num / _FRACTION[w])
    return _fraction_phrase(text, s - m.end() if m else s, e, value, "percent", _of_head(text, e), lo)


def _fraction_phrase(text, s, e, value, unit, noun, lo) -> NumberPhrase:
    start, kind, q_start, _ = _left_context(text, s, lo)
    if kind not in ("approx", "at_least", "at_most"):
        start, kind = (s if q_start is not None else start), None
    low, high, qual = _bound(value, kind)
    return _make(text, start, e, value, low, high, qual, unit, noun)


# --------------------------------------------------------------------------- scanning


def _hits(text: str, pos: int) -> list[tuple[int, int, str]]:
    """Trigger hits from `pos` on, sorted: (start, end, lower-cased word or "" for digits)."""
    hits = _digit_hits(text, pos) + _word_hits(text, max(pos - 1, 0))
    m = _WORD_AT.match(text, pos) if pos == 0 else None  # later positions: _WORD_SCAN sees the separator
    if m:
        hits.append((0, m.end(), m.group(1).lower()))
    hits.sort()
    return hits


def _digit_hits(text: str, pos: int) -> list[tuple[int, int, str]]:
    """Numbers in digits and vulgar fractions ("½") at or after `pos`: (start, end, "")."""
    zeroed = text
    for digit in "123456789":
        if digit in zeroed:
            zeroed = zeroed.replace(digit, "0")
    hits = [(m.start(), m.end(), "") for m in _DIGIT_SCAN.finditer(zeroed, pos)]
    if not text.isascii() and any(fraction in text for fraction in _VULGAR):  # rare: looked for only where one is
        hits += [(m.start(), m.end(), "") for m in _VULGAR_SCAN.finditer(text, pos)]
    return hits


def _word_hits(text: str, pos: int) -> list[tuple[int, int, str]]:
    """Number words after a separator at or after `pos` in a normalized text: (start, end, lower-cased word)."""
    low = text.lower()
    if len(low) != len(text) or "ı" in low or "ſ" in low:
        return [(m.start(1), m.end(1), m.group(1).lower()) for m in _WORD_SCAN_ANY_CASE.finditer(text, pos)]
    for sep in _SEPARATORS_LEFT:
        if sep in low:
            low = low.replace(sep, " ")
    return [(m.start(1), m.end(1), m.group(1)) for m in _WORD_SCAN.finditer(low, pos)]


def _scan(text: str, pos: int = 0):
    lo = pos
    for s, e, w in _hits(text, pos):
        if s < lo:
            continue  # inside the previous phrase
        ph = _build_word(text, s, e, w, lo) if w else _build_digits(text, s, e, lo)
        if ph is not None:
            yield ph
            lo = ph.end


def find_numbers(text: str) -> list[NumberPhrase]:
    """All number phrases in `text`, sorted by start and non-overlapping."""
    read = spacing.normalize(text)  # "30 000", "1,000\nsoldiers": offsets unchanged
    found = _share_conjoined_nouns(list(_scan(read)), read)
    if read is not text:
        found = [NumberPhrase(p.start, p.end, text[p.start:p.end], *_tail(p)) for p in found]
    return found


_CONJOINED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")


def _share_conjoined_nouns(found: list[NumberPhrase], text: str) -> list[NumberPhrase]:
    """'4,000 Belarusian and 2,000 Russian troops', '300, 200 and 100 tanks': a number whose own
    noun is missing or only a nationality counts the noun of the number it is joined to."""
    for k in range(len(found) - 2, -1, -1):
        a, b = found[k], found[k + 1]
        own_end = a.noun_end if a.noun else a.end
        own = text[a.noun_start:a.noun_end] if a.noun else ""
        if not b.noun or a.unit or (own and not (own[0].isupper() and own.isalpha() and not own.endswith("s"))):
            continue  # own noun: keep it ("5 tanks and", "300 Iskanders and", "20 BMP-2,"), unless a modifier ("Belarusian")
        gap = _CONJOINED.fullmatch(text, own_end, b.start) if own_end <= b.start else None
        if gap and (a.noun or not (gap[0].lstrip().startswith(",") and gap[0].rstrip().endswith(("and", "or")))):
            # a bare number joins by "and" or a list comma, not ", and" ("he is 45, and 300 troops left")
            found[k] = dataclasses.replace(a, unit=b.unit, noun=b.noun, noun_start=b.noun_start, noun_end=b.noun_end)
    return found


def _tail(p: NumberPhrase) -> tuple:
    return p.value, p.low, p.high, p.qualifier, p.unit, p.noun, p.noun_start, p.noun_end


def parse_quantity(phrase: str, offset: int = 0) -> NumberPhrase | None:
    """Parse a phrase that begins with a quantity; None if it does not.

    Besides everything `find_numbers` reports ("about 30,000 troops"), this accepts
    determiner quantities: "a battalion"/"one regiment" (exact 1), "a few battalions",
    "several brigades", "some units" (vague, no bounds), "a convoy of trucks"/"a new column
    of armoured vehicles"/"a number of tanks" (vague, noun from the "of" phrase) and "most
    of the troops" (vague, low 50 percent), and a share standing alone ("a quarter", "two-thirds":
    exact percent).  `text` covers the quantity words only.
    """
    i = len(phrase) - len(phrase.lstrip())
    read = spacing.normalize(phrase)
    ph = next(_scan(read, i), None)
    if ph is None or ph.start != i:
        ph = _determiner_quantity(read, i)
    if ph is not None and read is not phrase:
        ph = NumberPhrase(ph.start, ph.end, phrase[ph.start:ph.end], *_tail(ph))
    if ph is None or not offset:
        return ph

    def shift(x: int) -> int:
        return x + offset if x >= 0 else x

    return NumberPhrase(ph.start + offset, ph.end + offset, ph.text, ph.value, ph.low, ph.high,
                        ph.qualifier, ph.unit, ph.noun, shift(ph.noun_start), shift(ph.noun_end))


def _determiner_quantity(text: str, i: int) -> NumberPhrase | None:
    lead = _DET_LEAD.match(text, i)
    if lead:  # the lead word stays in the text; the quantity is read after it
        ph = _determiner_quantity(text, lead.end())
        return None if ph is None else _make(text, i, ph.end, ph.value, ph.low, ph.high, ph.qualifier, ph.unit,
                                             (ph.noun, ph.noun_start, ph.noun_end) if ph.noun else None)
    m = _DET_PORTION.match(text, i)
    if m and _OF.match(text, m.end()):
        return _make(text, i, m.end(), None, None, None, "vague", "percent", _of_head(text, m.end()))
    m = _DET_NONE.match(text, i)
    if m:
        noun = _of_head(text, m.end()) if m.group().lower() == "none" else _head(text, m.end())  # "none of its troops"
        return _make(text, i, m.end(), 0.0, 0.0, 0.0, "exact", "", noun) if noun else None
    m = _DET_VAGUE.match(text, i)
    if m:
        q = " ".join(m.group("q").lower().split())
        e = m.end("q")
        if q in _DET_NEEDS_OF and not m.group("of"):
            return None
        noun = _head(text, _SKIP_DET.match(text, m.end()).end()) if m.group("of") else _head(text, e)
        if noun is None:
            return None
        if q == "most":
            return _make(text, i, e, None, 50.0, None, "vague", "percent", noun)
        if q == "a pair":
            return _make(text, i, e, 2.0, 2.0, 2.0, "exact", "", noun)
        if q == "a couple":
            return _make(text, i, e, 2.0, None, None, "approx", "", noun)
        return _make(text, i, e, None, None, None, "vague", "", noun)
    q = _SHARE_QUAL.match(text, i)  # "about a quarter backed ...", "more than two-thirds said ..."
    m = _BARE_SHARE.match(text, q.end() if q else i)
    if m and _ORDINAL_HEAD.match(text, m.end()):
        m = None  # "a fourth column of vehicles", "a third battalion": an ordinal, not a share
    if m:
        num, den = _NUMERATOR[m.group("n").lower()], _FRACTION[m.group("f").lower()]
        if (num > 1) == m.group("f").lower().endswith("s") or m.group("f").lower() == "half":
            value = round(100 * num / den, 1)
            low, high, qual = _bound(value, _QUAL_KIND[" ".join(q.group("q").lower().split())] if q else None)
            return _make(text, i, m.end(), value, low, high, qual, "percent", None)
    m = _DET_ONE.match(text, i)
    noun = _head(text, m.end(), singular=True) if m else None
    if noun is None:
        return None
    if noun[0] in _PORTION and _OF.match(text, noun[2]):
        # "a large portion of these formations": a share, in percent, of unknown size.
        return _make(text, i, noun[2], None, None, None, "vague", "percent", _of_head(text, noun[2]))
    if noun[0] in _COLLECTIVE and _OF.match(text, noun[2]):
        # "a new column of armoured vehicles": a group of unknown size.
        return _make(text, i, noun[2], None, None, None, "vague", "", _of_head(text, noun[2]))
    return _make(text, i, m.end(), 1.0, 1.0, 1.0, "exact", "", noun)
