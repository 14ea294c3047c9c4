"""Number phrases: forms, bounds, units, counted nouns, non-numbers, parse_quantity, invariants."""
from __future__ import annotations

import doctest

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from belsignal import numbers
from belsignal.numbers import NumberPhrase, find_numbers, parse_quantity

N = None  # readability: "no bound"


def phrase_in(text: str, phrase: str) -> NumberPhrase:
    """The one phrase find_numbers reports with this exact text."""
    found = [p for p in find_numbers(text) if p.text == phrase]
    assert len(found) == 1, [p.text for p in find_numbers(text)]
    return found[0]


def check(p: NumberPhrase, text: str, phrase: str, value, low, high, qualifier, unit, noun) -> None:
    start = text.index(phrase)
    assert (p.text, p.start, p.end) == (phrase, start, start + len(phrase))
    assert (p.value, p.low, p.high, p.qualifier) == (value, low, high, qualifier)
    assert (p.unit, p.noun) == (unit, noun)
    if noun:
        assert text[p.noun_start:p.noun_end].lower() == noun
    else:
        assert (p.noun_start, p.noun_end) == (-1, -1)


# --------------------------------------------------------------------------- every form, exactly
# (id, text, phrase text, value, low, high, qualifier, unit, noun)

CASES = [
    # the real sentences
    ("man-strong", "so far the 48,000-man-strong Belarusian military is standing pat",
     "48,000", 48000.0, 48000.0, 48000.0, "exact", "", "military"),
    ("up-to-7k", "There are few combat ready troops, up to 7k, and they are not ready",
     "up to 7k", 7000.0, N, 7000.0, "at_most", "", ""),
    ("up-to-7k-noun", "up to 7k combat-ready troops", "up to 7k", 7000.0, N, 7000.0, "at_most", "", "troops"),
    ("only-3-percent", "only 3 percent of Belarusians support such an idea",
     "only 3 percent", 3.0, 3.0, 3.0, "exact", "percent", "belarusians"),
    ("estimated-range", "Belarus’ special forces, estimated at 4,000-6,000 men",
     "4,000-6,000", N, 4000.0, 6000.0, "range", "", "men"),
    ("tons-of", "Russia had received more than 12,000 tons of ammunition",
     "more than 12,000 tons", 12000.0, 12000.0, N, "at_least", "ton", "ammunition"),
    ("several-hundred", "the release of several hundred prisoners",
     "several hundred", N, 100.0, N, "vague", "", "prisoners"),
    ("hundreds-of", "hundreds of Belarusian exiles have formed a battalion",
     "hundreds", N, 100.0, N, "vague", "", "exiles"),
    ("tens-of-thousands", "some of the tens of thousands of Russians mobilised",
     "tens of thousands", N, 10000.0, N, "vague", "", "russians"),
    ("quoted-words", "Lukashenka has already given the order to receive and deploy “more than one thousand” "
     "Russian military personnel.", "more than one thousand", 1000.0, 1000.0, N, "at_least", "", "personnel"),
    ("about-70pct", "About 70% of Belarusians said they opposed joining the conflict",
     "About 70%", 70.0, N, N, "approx", "percent", "belarusians"),
    ("eight-tanks", "The Belarusian Hajun Project published video of eight T-72A tanks",
     "eight", 8.0, 8.0, 8.0, "exact", "", "tanks"),
    ("just-17km", "in the city of Yelsk, just 17km (10 miles) from the Ukrainian border",
     "just 17km", 17.0, 17.0, 17.0, "exact", "km", "km"),
    ("10-miles", "in the city of Yelsk, just 17km (10 miles) from the Ukrainian border",
     "10 miles", 10.0, 10.0, 10.0, "exact", "mile", "miles"),
    ("about-200", "On March 26, about 200 Belarusian volunteers", "about 200", 200.0, N, N, "approx", "", "volunteers"),
    ("would", "100,000 Belarusians would allegedly be called up",
     "100,000", 100000.0, 100000.0, 100000.0, "exact", "", "belarusians"),
    ("men-in-order", "mobilise 20,000 men in order to", "20,000", 20000.0, 20000.0, 20000.0, "exact", "", "men"),
    ("troops-between", "120,000 Russian troops between November",
     "120,000", 120000.0, 120000.0, 120000.0, "exact", "", "troops"),
    ("only-about", "is only about 45,500 people, less than 1% of the population",
     "only about 45,500", 45500.0, N, N, "approx", "", "people"),
    ("less-than-1pct", "is only about 45,500 people, less than 1% of the population",
     "less than 1%", 1.0, N, 1.0, "at_most", "percent", "population"),
    ("newly-mobilised", "planning to place 20,000 newly mobilised Russian military personnel in Belarus",
     "20,000", 20000.0, 20000.0, 20000.0, "exact", "", "personnel"),
    ("at-least-ural", "witnesses saw tanks and at least 28 Ural trucks.", "at least 28", 28.0, 28.0, N, "at_least", "",
     "trucks"),
    # ranges
    ("between-and", "between 20,000 and 30,000 troops", "between 20,000 and 30,000", N, 20000.0, 30000.0, "range", "",
     "troops"),
    ("from-to", "from 10 to 15 soldiers", "from 10 to 15", N, 10.0, 15.0, "range", "", "soldiers"),
    ("en-dash", "4,000–6,000 men", "4,000–6,000", N, 4000.0, 6000.0, "range", "", "men"),
    ("to-range", "4,000 to 6,000 men", "4,000 to 6,000", N, 4000.0, 6000.0, "range", "", "men"),
    ("shared-scale", "5 to 7 million people", "5 to 7 million", N, 5e6, 7e6, "range", "", "people"),
    ("words-shared-scale", "five to seven million people", "five to seven million", N, 5e6, 7e6, "range", "", "people"),
    ("pct-range", "20-30% of voters", "20-30%", N, 20.0, 30.0, "range", "percent", "voters"),
    ("pct-both-sides", "20% to 30% of the vote", "20% to 30%", N, 20.0, 30.0, "range", "percent", "vote"),
    ("money-range", "€200-300 million", "€200-300 million", N, 2e8, 3e8, "range", "eur", ""),
    ("or-range", "one or two battalions", "one or two", N, 1.0, 2.0, "range", "", "battalions"),
    ("dollar-range", "$5-$7 billion", "$5-$7 billion", N, 5e9, 7e9, "range", "usd", ""),
    ("words-hundred-range", "five to seven hundred men", "five to seven hundred", N, 500.0, 700.0, "range", "",
     "men"),
    # scales and number forms
    ("dollar-billion", "$5 billion", "$5 billion", 5e9, 5e9, 5e9, "exact", "usd", ""),
    ("1.5-million", "1.5 million refugees", "1.5 million", 1.5e6, 1.5e6, 1.5e6, "exact", "", "refugees"),
    ("bn-glued", "£3bn in aid", "£3bn", 3e9, 3e9, 3e9, "exact", "gbp", ""),
    ("2.3bn", "a 2.3bn deal", "2.3bn", 2.3e9, 2.3e9, 2.3e9, "exact", "", "deal"),
    ("2.3-billion", "2.3 billion", "2.3 billion", 2.3e9, 2.3e9, 2.3e9, "exact", "", ""),
    ("dollar-m", "$5m", "$5m", 5e6, 5e6, 5e6, "exact", "usd", ""),
    ("mln", "3 mln euros", "3 mln euros", 3e6, 3e6, 3e6, "exact", "eur", "euros"),
    ("trillion", "1.2 trillion", "1.2 trillion", 1.2e12, 1.2e12, 1.2e12, "exact", "", ""),
    ("7K", "7K troops", "7K", 7000.0, 7000.0, 7000.0, "exact", "", "troops"),
    ("five-million", "five million people", "five million", 5e6, 5e6, 5e6, "exact", "", "people"),
    ("twenty-five", "twenty-five tanks", "twenty-five", 25.0, 25.0, 25.0, "exact", "", "tanks"),
    ("two-hundred-fifty", "two hundred and fifty soldiers", "two hundred and fifty", 250.0, 250.0, 250.0, "exact", "",
     "soldiers"),
    ("one-hundred-thousand", "one hundred thousand shells", "one hundred thousand", 1e5, 1e5, 1e5, "exact", "",
     "shells"),
    ("a-thousand", "a thousand troops", "a thousand", 1000.0, 1000.0, 1000.0, "exact", "", "troops"),
    ("a-hundred", "A hundred men", "A hundred", 100.0, 100.0, 100.0, "exact", "", "men"),
    ("a-million", "a million people", "a million", 1e6, 1e6, 1e6, "exact", "", "people"),
    ("a-dozen", "a dozen tanks", "a dozen", 12.0, 12.0, 12.0, "exact", "", "tanks"),
    ("half-a-million", "half a million refugees", "half a million", 5e5, 5e5, 5e5, "exact", "", "refugees"),
    ("quarter-of-a-million", "a quarter of a million troops", "a quarter of a million", 2.5e5, 2.5e5, 2.5e5, "exact", "",
     "troops"),
    ("third-of-a-million", "about a third of a million men", "about a third of a million", 333333.0, N, N, "approx", "",
     "men"),
    ("decimal", "0.5 percent", "0.5 percent", 0.5, 0.5, 0.5, "exact", "percent", ""),
    ("separators", "1,348 people", "1,348", 1348.0, 1348.0, 1348.0, "exact", "", "people"),
    # qualifiers
    ("plus", "500+ vehicles", "500+", 500.0, 500.0, N, "at_least", "", "vehicles"),
    ("nearly", "nearly 1,000", "nearly 1,000", 1000.0, N, N, "approx", "", ""),
    ("almost", "almost 300 tanks", "almost 300", 300.0, N, N, "approx", "", "tanks"),
    ("an-estimated", "an estimated 4,000 fighters", "an estimated 4,000", 4000.0, N, N, "approx", "", "fighters"),
    ("estimated-at", "losses estimated at 4,000 men", "estimated at 4,000", 4000.0, N, N, "approx", "", "men"),
    ("tilde", "~200 drones", "~200", 200.0, N, N, "approx", "", "drones"),
    ("no-more-than", "no more than 10", "no more than 10", 10.0, N, 10.0, "at_most", "", ""),
    ("fewer-than", "fewer than 50 people", "fewer than 50", 50.0, N, 50.0, "at_most", "", "people"),
    ("as-many-as", "as many as 9,000 soldiers", "as many as 9,000", 9000.0, N, 9000.0, "at_most", "", "soldiers"),
    ("under", "under 5% of the vote", "under 5%", 5.0, N, 5.0, "at_most", "percent", "vote"),
    ("over", "over 2,000 troops", "over 2,000", 2000.0, 2000.0, N, "at_least", "", "troops"),
    ("just-over", "just over 2,000 troops", "just over 2,000", 2000.0, 2000.0, N, "at_least", "", "troops"),
    ("no-fewer-than", "no fewer than 30 jets", "no fewer than 30", 30.0, 30.0, N, "at_least", "", "jets"),
    ("upwards-of", "upwards of 40 tanks", "upwards of 40", 40.0, 40.0, N, "at_least", "", "tanks"),
    ("in-excess-of", "in excess of $2 billion", "in excess of $2 billion", 2e9, 2e9, N, "at_least", "usd", ""),
    ("a-mere", "a mere 12 percent of voters", "a mere 12 percent", 12.0, 12.0, 12.0, "exact", "percent", "voters"),
    ("or-more", "1,000 or more troops", "1,000 or more", 1000.0, 1000.0, N, "at_least", "", "troops"),
    ("or-so", "50 or so tanks", "50 or so", 50.0, N, N, "approx", "", "tanks"),
    ("more-than-a-dozen", "more than a dozen drones", "more than a dozen", 12.0, 12.0, N, "at_least", "", "drones"),
    # vague magnitudes
    ("dozens", "dozens of drones", "dozens", N, 12.0, N, "vague", "", "drones"),
    ("scores", "scores of people", "scores", N, 20.0, N, "vague", "", "people"),
    ("thousands", "thousands of Russian troops will arrive", "thousands", N, 1000.0, N, "vague", "", "troops"),
    ("hundreds-of-thousands", "hundreds of thousands of refugees", "hundreds of thousands", N, 1e5, N, "vague", "",
     "refugees"),
    ("millions", "millions of dollars", "millions", N, 1e6, N, "vague", "", "dollars"),
    ("tens-of-millions", "tens of millions of people", "tens of millions", N, 1e7, N, "vague", "", "people"),
    ("billions", "billions in aid", "billions", N, 1e9, N, "vague", "", ""),
    ("a-few-thousand", "a few thousand troops", "a few thousand", N, 1000.0, N, "vague", "", "troops"),
    ("many-thousands", "many thousands of people", "many thousands", N, 1000.0, N, "vague", "", "people"),
    ("some-thousand", "some thousand men", "some thousand", N, 1000.0, N, "vague", "", "men"),
    ("several-dozen", "several dozen drones", "several dozen", N, 12.0, N, "vague", "", "drones"),
    ("several-trillion", "several trillion dollars", "several trillion", N, 1e12, N, "vague", "", "dollars"),
    # shares
    ("the-majority", "The majority of society is against", "The majority", N, 50.0, N, "vague", "percent", "society"),
    ("overwhelming-majority", "the overwhelming majority of people who support",
     "the overwhelming majority", N, 50.0, N, "vague", "percent", "people"),
    ("vast-majority", "a vast majority of Belarusians", "a vast majority", N, 50.0, N, "vague", "percent",
     "belarusians"),
    ("minority", "a minority of voters", "a minority", N, N, N, "vague", "percent", "voters"),
    ("half-of", "half of the troops", "half", 50.0, 50.0, 50.0, "exact", "percent", "troops"),
    ("a-third-of", "a third of the army", "a third", 33.3333, 33.3333, 33.3333, "exact", "percent", "army"),
    ("two-thirds", "two-thirds of Belarusians", "two-thirds", 66.6667, 66.6667, 66.6667, "exact", "percent", "belarusians"),
    ("a-quarter", "a quarter of the budget", "a quarter", 25.0, 25.0, 25.0, "exact", "percent", "budget"),
    ("three-quarters", "three quarters of voters", "three quarters", 75.0, 75.0, 75.0, "exact", "percent", "voters"),
    ("more-than-half", "more than half of respondents", "more than half", 50.0, 50.0, N, "at_least", "percent",
     "respondents"),
    ("nearly-two-thirds", "Nearly two-thirds of voters backed it", "Nearly two-thirds", 66.6667, N, N, "approx",
     "percent", "voters"),
    # percent and currency units
    ("5pct", "5% of Belarusians", "5%", 5.0, 5.0, 5.0, "exact", "percent", "belarusians"),
    ("per-cent", "70 per cent of voters", "70 per cent", 70.0, 70.0, 70.0, "exact", "percent", "voters"),
    ("pct-no-of", "2% want Minsk to side with Kiev", "2%", 2.0, 2.0, 2.0, "exact", "percent", ""),
    ("percentage-points", "rose 0.5 percentage points", "0.5 percentage points", 0.5, 0.5, 0.5, "exact",
     "percentage_point", ""),
    ("million-dollars", "5 million dollars", "5 million dollars", 5e6, 5e6, 5e6, "exact", "usd", "dollars"),
    ("us-dollar", "US$10 a barrel", "US$10", 10.0, 10.0, 10.0, "exact", "usd", ""),
    ("euros", "500 euros", "500 euros", 500.0, 500.0, 500.0, "exact", "eur", "euros"),
    ("euro-sign", "€200 million in loans", "€200 million", 2e8, 2e8, 2e8, "exact", "eur", ""),
    ("roubles", "10 billion roubles", "10 billion roubles", 1e10, 1e10, 1e10, "exact", "rub", "roubles"),
    ("belarusian-rubles", "300 Belarusian rubles", "300 Belarusian rubles", 300.0, 300.0, 300.0, "exact", "byn",
     "belarusian rubles"),
    ("usd-code", "USD 5 million", "USD 5 million", 5e6, 5e6, 5e6, "exact", "usd", ""),
    # measurement units
    ("kilometres", "200 kilometres of border", "200 kilometres", 200.0, 200.0, 200.0, "exact", "km", "border"),
    ("tonnes", "3 tonnes", "3 tonnes", 3.0, 3.0, 3.0, "exact", "ton", "tonnes"),
    ("kg-of", "4 kg of cocaine", "4 kg", 4.0, 4.0, 4.0, "exact", "kg", "cocaine"),
    ("metres", "3.5 metres high", "3.5 metres", 3.5, 3.5, 3.5, "exact", "m", "metres"),
    ("hectares", "500 hectares of forest", "500 hectares", 500.0, 500.0, 500.0, "exact", "hectare", "forest"),
    ("sq-km", "1,000 square kilometres", "1,000 square kilometres", 1000.0, 1000.0, 1000.0, "exact", "sq_km",
     "square kilometres"),
    ("days", "for more than two days, nothing", "more than two days", 2.0, 2.0, N, "at_least", "day", "days"),
    ("years", "sentenced to 15 years in prison", "15 years", 15.0, 15.0, 15.0, "exact", "year", "years"),
    ("hyphen-unit", "a 10-year sentence", "10-year", 10.0, 10.0, 10.0, "exact", "year", "year"),
    ("hours-words", "Two hours later", "Two hours", 2.0, 2.0, 2.0, "exact", "hour", "hours"),
    ("km-per-h", "at 900 km/h", "900 km/h", 900.0, 900.0, 900.0, "exact", "km_per_h", "km/h"),
    ("metres-not-million", "the 100m sprint", "100m", 100.0, 100.0, 100.0, "exact", "m", "m"),
    ("m-million-people", "Some 1.5m people live in Minsk", "Some 1.5m", 1.5e6, N, N, "approx", "", "people"),
    ("m-million-tonnes", "2m tonnes of grain", "2m tonnes", 2e6, 2e6, 2e6, "exact", "ton", "grain"),
    # counted nouns
    ("strong", "a 3,000-strong brigade arrived", "3,000", 3000.0, 3000.0, 3000.0, "exact", "", "brigade"),
    ("one-of", "one of the key pillars keeping him", "one", 1.0, 1.0, 1.0, "exact", "", "pillars"),
    ("of-number", "3 of the 5 soldiers died", "3", 3.0, 3.0, 3.0, "exact", "", "soldiers"),
    ("fighting-vehicles", "40 infantry fighting vehicles", "40", 40.0, 40.0, 40.0, "exact", "", "vehicles"),
    ("verb-after", "3 soldiers died", "3", 3.0, 3.0, 3.0, "exact", "", "soldiers"),
    ("singular-verb", "one regiment remains in Belarus", "one", 1.0, 1.0, 1.0, "exact", "", "regiment"),
    ("more-troops", "100 more troops", "100", 100.0, 100.0, 100.0, "exact", "", "troops"),
    # peoples' adjectives joined by "and"/"or" modify one noun; brands and head nouns do not join
    ("demonyms-joined", "some 6,000 Polish and Lithuanian soldiers", "some 6,000", 6000.0, N, N, "approx", "",
     "soldiers"),
    ("demonyms-or", "200 Latvian or Estonian conscripts", "200", 200.0, 200.0, 200.0, "exact", "", "conscripts"),
    ("brands-not-joined", "about 300 Lada and Skoda cars", "about 300", 300.0, N, N, "approx", "", "lada"),
    ("head-not-joined", "40 tanks and Chinese trucks", "40", 40.0, 40.0, 40.0, "exact", "", "tanks"),
    # a vague magnitude with "more" before its noun
    ("vague-more", "hundreds more Russian soldiers", "hundreds", N, 100.0, N, "vague", "", "soldiers"),
    ("vague-additional", "tens of thousands additional reservists", "tens of thousands", N, 10000.0, N, "vague", "",
     "reservists"),
    # a bound stated after the counted noun
    ("noun-at-most", "it could send 5,000 troops at most", "5,000", 5000.0, N, 5000.0, "at_most", "", "troops"),
    ("noun-or-more", "20,000 soldiers or more", "20,000", 20000.0, 20000.0, N, "at_least", "", "soldiers"),
    ("noun-at-least-in-part", "3,000 troops at least in part", "3,000", 3000.0, 3000.0, 3000.0, "exact", "",
     "troops"),
    # a verb of motion after a figure is no counted noun ("and 2 more arrived the next day")
    ("motion-verb", "and 2 more arrived the next day", "2", 2.0, 2.0, 2.0, "exact", "", ""),
    # a plural that modifies the noun after it
    ("plural-modifier", "2,000 special operations troops", "2,000", 2000.0, 2000.0, 2000.0, "exact", "", "troops"),
    ("plural-modifier-chain", "900 special operations forces personnel", "900", 900.0, 900.0, 900.0, "exact", "",
     "personnel"),
    ("plural-modifier-alone", "about 700 special forces were flown in", "about 700", 700.0, N, N, "approx", "",
     "forces"),
    # hedges of news copy
    ("barely", "barely 1,200 soldiers are left", "barely 1,200", 1200.0, N, N, "approx", "", "soldiers"),
    ("shy-of", "just shy of 8,000 reservists", "just shy of 8,000", 8000.0, N, 8000.0, "at_most", "", "reservists"),
    ("north-of", "north of 600 tanks", "north of 600", 600.0, 600.0, N, "at_least", "", "tanks"),
    ("best-part-of", "the best part of 2,000 troops", "the best part of 2,000", 2000.0, N, N, "approx", "",
     "troops"),
    ("odd", "some 3,000-odd conscripts", "some 3,000", 3000.0, N, N, "approx", "", "conscripts"),
    ("odd-alone", "4,000-odd conscripts", "4,000-odd", 4000.0, N, N, "approx", "", "conscripts"),
    # "-plus" after a figure is "+"
    ("hyphen-plus", "a 4,000-plus contingent", "4,000-plus", 4000.0, 4000.0, N, "at_least", "", "contingent"),
    ("year-count", "about 2000 people arrived", "about 2000", 2000.0, N, N, "approx", "", "people"),
    ("year-count-bound", "more than 2000 signatures", "more than 2000", 2000.0, 2000.0, N, "at_least", "",
     "signatures"),
    # thousands grouped by spaces, as translated Russian/Ukrainian/Belarusian news writes them
    ("space-grouped", "Russia moved 30 000 troops", "30 000", 30000.0, 30000.0, 30000.0, "exact", "", "troops"),
    ("nbsp-grouped", "Russia moved 48\u00a0000 troops", "48\u00a0000", 48000.0, 48000.0, 48000.0, "exact", "",
     "troops"),
    ("narrow-nbsp-grouped", "about 30\u202f000 troops", "about 30\u202f000", 30000.0, N, N, "approx", "", "troops"),
    ("thin-space-millions", "1\u2009200\u2009000 people", "1\u2009200\u2009000", 1.2e6, 1.2e6, 1.2e6, "exact", "",
     "people"),
    ("space-grouped-range", "20 000-30 000 troops", "20 000-30 000", N, 20000.0, 30000.0, "range", "", "troops"),
    # a decimal comma before a scale word, as translated Russian news writes it
    ("decimal-comma-scale", "about 1,5 thousand troops", "about 1,5 thousand", 1500.0, N, N, "approx", "", "troops"),
    ("comma-thousands-scale", "1,500 thousand troops", "1,500 thousand", 1.5e6, 1.5e6, 1.5e6, "exact", "", "troops"),
    # ... and before a percent
    ("decimal-comma-percent", "support stood at 38,5% in May", "38,5%", 38.5, 38.5, 38.5, "exact", "percent", ""),
    ("decimal-comma-per-cent", "backed by up to 17,7 per cent", "up to 17,7 per cent", 17.7, N, 17.7, "at_most",
     "percent", ""),
    ("comma-thousands-percent", "a rise of 1,000% in a year", "1,000%", 1000.0, 1000.0, 1000.0, "exact", "percent", ""),
    # a vague share restated in brackets is read once, from the brackets
    ("majority-restated", "the vast majority of Belarusians (over 80%) object", "over 80%", 80.0, 80.0, N, "at_least",
     "percent", ""),
    ("fraction-restated", "more than half of Belarusians (54%) object", "54%", 54.0, 54.0, 54.0, "exact", "percent", ""),
    # ... or set off by dashes or commas, the figure right after them
    ("majority-dash-restated", "a slim majority of those asked — 52% — object", "52%", 52.0, 52.0, 52.0, "exact",
     "percent", ""),
    ("majority-comma-restated", "the majority of voters, just over 60 percent, object", "just over 60 percent", 60.0,
     60.0, N, "at_least", "percent", ""),
    ("half-dash-restated", "about half of the reservists -- or 48% -- object", "48%", 48.0, 48.0, 48.0, "exact",
     "percent", ""),
    # a line break inside a sentence is a space
    ("line-break", "said 1,000\nsoldiers arrived", "1,000", 1000.0, 1000.0, 1000.0, "exact", "", "soldiers"),
    ("crlf-break", "said 1,000 Russian\r\nsoldiers arrived", "1,000", 1000.0, 1000.0, 1000.0, "exact", "",
     "soldiers"),
    # scale words beyond billions
    ("quadrillion", "2 quadrillion dollars", "2 quadrillion dollars", 2e15, 2e15, 2e15, "exact", "usd", "dollars"),
    ("words-quadrillion", "two quadrillion troops", "two quadrillion", 2e15, 2e15, 2e15, "exact", "", "troops"),
    ("plural-scale", "5 millions of people", "5 millions", 5e6, 5e6, 5e6, "exact", "", "people"),
    # reversed ranges
    ("between-reversed", "between 7,000 and 5,000 troops", "between 7,000 and 5,000", N, 5000.0, 7000.0, "range", "",
     "troops"),
    ("hyphen-reversed", "12,000-9,000 troops", "12,000-9,000", N, 9000.0, 12000.0, "range", "", "troops"),
    ("from-reversed", "from 12,000 to 9,000 troops", "from 12,000 to 9,000", N, 9000.0, 12000.0, "range", "",
     "troops"),
    ("between-reversed-scale", "between 7 and 5 million people", "between 7 and 5 million", N, 5e6, 7e6, "range",
     "", "people"),
    ("range-unit-on-both", "expressed by 33% to 39% of the respondents", "33% to 39%", N, 33.0, 39.0, "range",
     "percent", "respondents"),
    ("range-shared-unit", "dropped by 1 to 1.5 degrees", "1 to 1.5 degrees", N, 1.0, 1.5, "range", "degree",
     "degrees"),
    ("range-currency-codes", "between $US160 million and $US171 million", "between $US160 million and $US171 million",
     N, 1.6e8, 1.71e8, "range", "usd", ""),
    # fractions
    ("one-and-a-half-thousand", "one and a half thousand troops", "one and a half thousand", 1500.0, 1500.0, 1500.0,
     "exact", "", "troops"),
    ("two-and-a-half-million", "two and a half million people", "two and a half million", 2.5e6, 2.5e6, 2.5e6,
     "exact", "", "people"),
    ("a-million-and-a-half", "a million and a half refugees", "a million and a half", 1.5e6, 1.5e6, 1.5e6, "exact",
     "", "refugees"),
    ("slash-half", "requires 1/2 pound of flour", "1/2 pound", 0.5, 0.5, 0.5, "exact", "lb", "flour"),
    ("mixed-fraction", "2 1/2 miles away", "2 1/2 miles", 2.5, 2.5, 2.5, "exact", "mile", "miles"),
    ("vulgar-glued", "2½ million people", "2½ million", 2.5e6, 2.5e6, 2.5e6, "exact", "", "people"),
    ("slash-share", "1/3 of the army", "1/3", 33.3333, 33.3333, 33.3333, "exact", "percent", "army"),
    ("vulgar-share", "½ of voters", "½", 50.0, 50.0, 50.0, "exact", "percent", "voters"),
    ("one-in-three", "one in three Belarusians backs it", "one in three", 33.3333, 33.3333, 33.3333, "exact",
     "percent", "belarusians"),
    ("out-of", "nearly 3 out of 10 voters", "nearly 3 out of 10", 30.0, N, N, "approx", "percent", "voters"),
    ("one-fourth", "one fourth of voters", "one fourth", 25.0, 25.0, 25.0, "exact", "percent", "voters"),
    ("half-of-population", "half of the population", "half", 50.0, 50.0, 50.0, "exact", "percent", "population"),
    # negative figures
    ("minus-sign", "total offense was -5 yards", "-5 yards", -5.0, -5.0, -5.0, "exact", "yard", "yards"),
    ("unicode-minus", "a change of −2.1% on the day", "−2.1%", -2.1, -2.1, -2.1, "exact", "percent", ""),
    ("minus-word", "cooled to minus 30 degrees", "minus 30 degrees", -30.0, -30.0, -30.0, "exact", "degree",
     "degrees"),
    ("minus-hyphen-word", "dip to minus-130 degrees", "minus-130 degrees", -130.0, -130.0, -130.0, "exact", "degree",
     "degrees"),
    ("currency-then-minus", "the balance fell to $-50.8bn, while", "$-50.8bn", -5.08e10, -5.08e10, -5.08e10,
     "exact", "usd", ""),
    # currencies, units and forms news writes glued
    ("code-glued", "sold for USD10m", "USD10m", 1e7, 1e7, 1e7, "exact", "usd", ""),
    ("ringgit", "priced at RM120,000 each", "RM120,000", 120000.0, 120000.0, 120000.0, "exact", "myr", ""),
    ("dollar-us", "was about $US113 trillion", "about $US113 trillion", 1.13e14, N, N, "approx", "usd", ""),
    ("gigabytes", "comes with 256GB of storage", "256GB", 256.0, 256.0, 256.0, "exact", "gb", "storage"),
    ("watt-range", "a 5-10W laser", "5-10W", N, 5.0, 10.0, "range", "watt", "w"),
    ("pc-percent", "an interest rate of 1.38pc.", "1.38pc", 1.38, 1.38, 1.38, "exact", "percent", ""),
    ("leading-point", "a .500 record", ".500", 0.5, 0.5, 0.5, "exact", "", "record"),
    ("sub-prefix", "sub-300 sq m offices", "sub-300 sq m", 300.0, N, 300.0, "at_most", "sq_m", "sq m"),
    ("unit-both-ends", "between 15kHz and 17kHz", "between 15kHz and 17kHz", N, 15.0, 17.0, "range", "khz", "khz"),
    ("unit-first-stated", "fell from 208 pounds to 193 by May", "from 208 pounds to 193", N, 193.0, 208.0, "range",
     "lb", ""),
    ("times-ten", "about 2.998×10−8 metres", "about 2.998×10−8 metres", 2.998e-8, N, N, "approx", "m", "metres"),
    ("times-ten-caret", "6.02 x 10^23 atoms", "6.02 x 10^23", 6.02e23, 6.02e23, 6.02e23, "exact", "", "atoms"),
    ("share-small", "1/128 of the gallon", "1/128", 0.78125, 0.78125, 0.78125, "exact", "percent", "gallon"),
    # "over" as a verb's particle bounds nothing; after other verbs it still means "more than"
    ("handed-over", "Moscow handed over four Su-30SM jets", "four", 4.0, 4.0, 4.0, "exact", "", "jets"),
    ("turned-over", "the army turned over 300 trucks", "300", 300.0, 300.0, 300.0, "exact", "", "trucks"),
    ("sent-over", "Moscow sent over 300 tanks", "over 300", 300.0, 300.0, N, "at_least", "", "tanks"),
    # a hedge said twice: "or so" after "around" is part of the phrase, and the noun follows it
    ("around-or-so", "around 2,000 or so soldiers remain", "around 2,000 or so", 2000.0, N, N, "approx", "",
     "soldiers"),
    # a cap stated as a negated verb
    ("does-not-exceed", "their number does not exceed 2,000 troops", "does not exceed 2,000", 2000.0, N, 2000.0,
     "at_most", "", "troops"),
    ("doesnt-exceed", "the force doesn’t exceed 900 men", "doesn’t exceed 900", 900.0, N, 900.0, "at_most", "", "men"),
    ("modal-not-exceed", "it would not exceed 5,000 troops", "not exceed 5,000", 5000.0, N, 5000.0, "at_most", "",
     "troops"),
    # a share that changed is two figures, then and now; other measures read as a range (NewsQuant's way)
    ("changed-share-from", "support fell from 5% to 3% between waves", "5%", 5.0, 5.0, 5.0, "exact", "percent", ""),
    ("changed-share-to", "support fell from 5% to 3% between waves", "3%", 3.0, 3.0, 3.0, "exact", "percent", ""),
    ("changed-count-range", "the force grew from 2,000 to 9,000 troops", "from 2,000 to 9,000", N, 2000.0, 9000.0,
     "range", "", "troops"),
    # the country's abbreviation before the noun is no pronoun "us"
    ("us-troops", "it will send 2,000 US troops to Poland", "2,000", 2000.0, 2000.0, 2000.0, "exact", "", "troops"),
    ("us-dotted", "some 300 U.S. soldiers arrived", "some 300", 300.0, N, N, "approx", "", "soldiers"),
]


@pytest.mark.parametrize("text, phrase, value, low, high, qualifier, unit, noun",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_forms(text, phrase, value, low, high, qualifier, unit, noun):
    check(phrase_in(text, phrase), text, phrase, value, low, high, qualifier, unit, noun)


@pytest.mark.parametrize("text, phrases", [
    ("a slim majority of those asked — 52% — object", ["52%"]),
    ("about half of the reservists -- or 48% -- object", ["48%"]),
    ("the majority of respondents, while 12% said no", ["the majority", "12%"]),  # another share
    ("the majority of Belarusians, and 20% of Russians, object", ["the majority", "20%"]),
])
def test_a_share_restated_after_a_dash_or_comma_is_read_once(text, phrases):
    assert [p.text for p in find_numbers(text)] == phrases


def test_case_ids_are_unique():
    assert len({c[0] for c in CASES}) == len(CASES)


def test_noun_offsets_point_at_the_noun():
    text = "so far the 48,000-man-strong Belarusian military is standing pat"
    p = find_numbers(text)[0]
    assert (p.noun_start, p.noun_end) == (40, 48) and text[40:48] == "military"


# --------------------------------------------------------------------------- what is not a number
# (id, text, exactly the phrase texts find_numbers reports)

NOT_NUMBERS = [
    ("year-in", "a survey in 2020", []),
    ("year-since", "in power since 1994 and", []),
    ("year-range", "Ukrainian defense minister in 2019-2020", []),
    ("year-between", "between 2014 and 2022, some 14,000 people died", ["some 14,000"]),
    ("year-from-to", "from 2014 to 2022", []),
    ("year-attributive", "the 2020 elections", []),
    ("year-possessive", "2020’s fraudulent presidential election", []),
    ("year-alone", "2022", []),
    ("decade", "in the 1990s", []),
    ("month-day", "On March 26, about 200 Belarusian volunteers", ["about 200"]),
    ("month-day-year", "On March 26, 2022, about 200 Belarusian volunteers", ["about 200"]),
    ("day-month", "on 24 February the invasion began", []),
    ("may-day", "Two months later, on May 21, the battalion", ["Two months"]),
    ("day-september", "21 September", []),
    ("slash-date", "on 24/2.", []),
    ("time", "at 10:30 or 5pm or 10 a.m.", []),
    ("ordinal", "the 38th Airborne Brigade", []),
    ("ordinal-century", "a 19th century writer", []),
    ("ordinal-words", "the twenty-first century", []),
    ("ordinal-first", "the first and second waves", []),
    ("designation-g7", "the G7 on Tuesday", []),
    ("designation-tank", "T-72A tanks and Su-25 jets", []),
    ("designation-plural", "F-16s and Su-25s", []),
    ("designation-covid", "COVID-19 cases", []),
    ("designation-article", "Article 5 of the treaty", []),
    ("list-items", "1) Prep for a Nato attack 2) To tie up", []),
    ("list-parens", "(1) first (2) second", []),
    ("phone", "call +375 29 123-45-67 now", []),
    ("phone-spaced", "call +375 29 123 45 67 now", []),
    ("phone-grouped", "call 29 123-45-67 now", []),
    ("no-one", "no one knows", []),
    ("one-another", "they fought one another", []),
    ("one-off", "a one-off payment", []),
    ("bare-few", "There are few combat ready troops", []),
    ("bare-thousand", "Thousand Oaks", []),
    ("minority-group", "the Polish minority in Belarus", []),
    ("majority-stake", "a majority stake", ["a majority"]),
    ("bare-majority-noun", "majority leader", []),
    ("third-quarter", "the third quarter of 2023", []),
    ("first-half", "in the first half of 2023", []),
    ("half-no-of", "half the time", []),
    ("scores-not-count", "test scores rose", []),
    ("version", "version 3.5.2 released", []),
    ("version-after-a-point", "n=.8.2e0;", []),  # from a page's script read as text: once a crash
    ("huge-digits", "1" * 400, []),
    ("power", "10^400", []),
    ("change-not-range", "Shares fell 3.5 percent to $120.50", ["3.5 percent", "$120.50"]),
    ("and-not-range", "20,000 and 30,000", ["20,000", "30,000"]),
    ("options", "options two and three", ["two", "three"]),
    # a change, then a level: two numbers, never a range
    ("change-then-level", "Shares rose 8 percent to 99", ["8 percent", "99"]),
    ("change-by-then-level", "the force grew by 5,000 to 30,000 troops", ["5,000", "30,000"]),
    ("change-by-currency", "increased by $43.6 billion to $419.2 billion", ["$43.6 billion", "$419.2 billion"]),
    ("year-then-count", "sales rose 60% in 2018 to 3.9 million units", ["60%", "3.9 million"]),
    ("own-scales-or", "around 25k or 40k cheaper", ["around 25k", "40k"]),
    # scores, codes and day ranges are no quantities
    ("score", "City beat Charlton 2-1 on Sunday", []),
    ("score-draw", "tied Game 7 at 89-89", []),
    ("code-hyphen", "passed the ISO 3888-2 test", []),
    ("day-range", "from 10 to 20 February", []),
    ("day-range-hyphen", "exercises on 10-20 February 2022", []),
    ("leading-zero-code", "at 0401 GMT", []),
    # numbers inside names
    ("index-name", "The S&P 500 fell 0.9%, while the FTSE 100 rose", ["0.9%"]),
    ("product-name", "the new iPhone 11 Pro and Boeing 737 Max", []),
    ("name-then-count", "Hajun 30 trucks crossed", ["30"]),
    ("name-then-model-then-count", "Belarus handed Russia 130 T-72A tanks", ["130"]),
    ("name-then-model", "the Zapad 2021 T-72 display", []),
    ("sentence-start-not-name", "Yesterday 300 arrived", ["300"]),
    # right value or no row: never a number off by orders of magnitude
    ("unknown-scale", "2 zillion troops", []),
    ("unknown-scale-words", "two gazillion troops", []),
    ("too-many-digits", "123456789012345678901234 troops", []),
    ("fraction-slash-date", "on 1/2 the troops left", []),
    ("nine-eleven", "after the 9/11 attacks", []),
    ("no-minus-after-a-range", "from 24.2 to 33-35 billion euros", ["from 24.2 to 33"]),
    ("units-differ", "fell 8 percent to 99 yuan", ["8 percent", "99 yuan"]),
    ("dimensions-not-powers", "a 2 x 105 mm frame", ["2", "105 mm"]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in NOT_NUMBERS], ids=[c[0] for c in NOT_NUMBERS])
def test_not_numbers(text, expected):
    assert [p.text for p in find_numbers(text)] == expected


def test_seed_sentence_with_many_numbers():
    text = ("the Belarusian military is only about 45,500 people, less than 1% of the population. "
            "Belarus’ special forces, estimated at 4,000-6,000 men, play an important role. "
            "In 2020, along with the police, this force took part.")
    assert [(p.text, p.qualifier) for p in find_numbers(text)] == [
        ("only about 45,500", "approx"), ("less than 1%", "at_most"), ("4,000-6,000", "range")]


# --------------------------------------------------------------------------- parse_quantity
# (id, phrase, text, value, low, high, qualifier, unit, noun)

QUANTITIES = [
    ("a-battalion", "a battalion", "a", 1.0, 1.0, 1.0, "exact", "", "battalion"),
    ("an-armoured-column", "an armoured column", "an", 1.0, 1.0, 1.0, "exact", "", "column"),
    ("one-regiment", "one regiment", "one", 1.0, 1.0, 1.0, "exact", "", "regiment"),
    ("a-regiment", "a regiment", "a", 1.0, 1.0, 1.0, "exact", "", "regiment"),
    ("a-few", "a few battalions", "a few", N, N, N, "vague", "", "battalions"),
    ("several", "several brigades", "several", N, N, N, "vague", "", "brigades"),
    ("some-units", "some units of the Russian armed forces", "some", N, N, N, "vague", "", "units"),
    ("new-column", "a new column of armoured vehicles", "a new column", N, N, N, "vague", "", "vehicles"),
    ("convoy", "a convoy of trucks", "a convoy", N, N, N, "vague", "", "trucks"),
    ("a-number-of", "a number of tanks", "a number", N, N, N, "vague", "", "tanks"),
    ("a-handful", "a handful of soldiers", "a handful", N, N, N, "vague", "", "soldiers"),
    ("large-numbers", "large numbers of Russian troops", "large numbers", N, N, N, "vague", "", "troops"),
    ("unspecified-number", "an unspecified number of troops", "an unspecified number", N, N, N, "vague", "",
     "troops"),
    ("most-of", "most of the troops", "most", N, 50.0, N, "vague", "percent", "troops"),
    ("about-30000", "about 30,000 troops", "about 30,000", 30000.0, N, N, "approx", "", "troops"),
    ("several-hundred", "several hundred prisoners", "several hundred", N, 100.0, N, "vague", "", "prisoners"),
    ("a-dozen", "a dozen tanks", "a dozen", 12.0, 12.0, 12.0, "exact", "", "tanks"),
    # a share standing alone takes the qualifier before it
    ("bare-share", "a quarter backed it", "a quarter", 25.0, 25.0, 25.0, "exact", "percent", ""),
    ("about-a-quarter", "about a quarter backed it", "about a quarter", 25.0, N, N, "approx", "percent", ""),
    ("more-than-a-third", "more than a third said", "more than a third", 33.3, 33.3, N, "at_least", "percent", ""),
    ("nearly-two-thirds", "nearly two-thirds said", "nearly two-thirds", 66.7, N, N, "approx", "percent", ""),
    # an ordinal before a group noun is no share: "a fourth column", "a second battalion"
    ("ordinal-column", "a fourth column of army trucks", "a fourth column", N, N, N, "vague", "", "trucks"),
    ("ordinal-formation", "a second battalion arrived", "a", 1.0, 1.0, 1.0, "exact", "", "battalion"),
]


@pytest.mark.parametrize("phrase, text, value, low, high, qualifier, unit, noun",
                         [c[1:] for c in QUANTITIES], ids=[c[0] for c in QUANTITIES])
def test_parse_quantity(phrase, text, value, low, high, qualifier, unit, noun):
    check(parse_quantity(phrase), phrase, text, value, low, high, qualifier, unit, noun)


@pytest.mark.parametrize("phrase", ["the battalion", "battalions", "a", "", "in 2020", "Lukashenka said",
                                    "large numbers", "growing numbers show it"])
def test_parse_quantity_none(phrase):
    assert parse_quantity(phrase) is None


def test_parse_quantity_offset_shifts_every_offset():
    q = parse_quantity("a new column of armoured vehicles", offset=100)
    assert (q.start, q.end, q.noun_start, q.noun_end) == (100, 112, 125, 133)
    p = parse_quantity("about 7k", offset=5)
    assert (p.start, p.end, p.noun_start, p.noun_end) == (5, 13, -1, -1)


def test_parse_quantity_skips_leading_space():
    p = parse_quantity("  several brigades")
    assert (p.start, p.text, p.noun) == (2, "several", "brigades")


def test_find_numbers_does_not_report_determiners():
    assert find_numbers("a battalion, several brigades and a few units") == []


# --------------------------------------------------------------------------- invariants


def assert_invariants(text: str) -> None:
    prev_end = 0
    for p in find_numbers(text):
        assert prev_end <= p.start < p.end <= len(text)
        prev_end = p.end
        assert p.text == text[p.start:p.end]
        assert p.qualifier in ("exact", "approx", "at_least", "at_most", "range", "vague")
        if p.low is not None and p.high is not None:
            assert p.low <= p.high
        if p.value is not None and p.low is not None:
            assert p.low <= p.value
        if p.value is not None and p.high is not None:
            assert p.value <= p.high
        if p.noun:
            assert text[p.noun_start:p.noun_end].lower() == p.noun


NUMBERISH = st.lists(st.sampled_from(
    list("0123456789 ,.-–−$€%+()/:'’“”\nkmKM\u00a0\u202f\u2009½⁄") + [
        "one", "two", "twenty", "hundred", "thousand", "million", "bn", "a ", "of ", "the ", "majority", "half",
        "third", "thirds", "between ", "and ", "to ", "or ", "up to ", "about ", "more than ", "dozens",
        "tens of thousands", "troops", "percent", "km", "tons", "2020", "March ", "several ", "only ", "-strong",
        "minus ", " in ", "out of ", "and a half ", "by ", "rose ", "USD", "RM", "quadrillion", "zillion"]),
    max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), NUMBERISH))
@example(".½")  # a decimal point before a vulgar fraction once crashed the digit reader
def test_invariants_on_random_text(text):
    assert_invariants(text)
    parse_quantity(text)
    parse_quantity(text, offset=7)


def test_doc_examples():
    assert doctest.testmod(numbers).failed == 0


@pytest.mark.parametrize("text, nouns", [
    ("about 4,000 Belarusian and 2,000 Russian troops", ["troops", "troops"]),
    ("300 Belarusian, 200 Russian and 100 Kazakh servicemen", ["servicemen"] * 3),
    ("20 BMP-2, three fuel trucks", ["bmp-2", "trucks"]),  # a designator is a noun of its own
    ("300, 200 and 100 tanks", ["tanks"] * 3),
    # a number with a noun of its own keeps it; ", and" does not join a bare number
    ("5 tanks and 10 trucks", ["tanks", "trucks"]),
    ("300 Iskanders and 200 troops", ["iskanders", "troops"]),
    ("He is 45, and 300 troops left.", ["", "troops"]),
])
def test_conjoined_numbers_share_the_noun_they_stand_before(text, nouns):
    assert [p.noun for p in find_numbers(text)] == nouns


@pytest.mark.parametrize("odd", ["İ", "ı", "ſ"], ids=["dotted-I", "dotless-i", "long-s"])
def test_number_words_in_a_text_lower_does_not_map_one_for_one(odd):
    # such a text takes the case-insensitive scan, not the lower-cased copy: same phrases
    text = "{} said THREE thousand troops and (Two) brigades came, then\u2028five jets"
    plain = [(p.start, p.end, p.text, p.value) for p in find_numbers(text.format("I"))]
    assert [p.text for p in find_numbers(text.format("I"))] == ["THREE thousand", "Two", "five"]
    assert [(p.start, p.end, p.text, p.value) for p in find_numbers(text.format(odd))] == plain
