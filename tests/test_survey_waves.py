"""A survey's round ("the latest wave") names a survey the way "poll" does; a wave of something does not."""
import pytest

import belsignal
from belsignal.documents import Document


def polls(text):
    return [r.text for r in belsignal.extract([Document("t", text, published="2024-07-12")]) if r.kind == "poll"]


@pytest.mark.parametrize("text, shares", [
    ("Support for sending troops stands at 4%, unchanged from the previous wave.", ["4%"]),
    ("Opposition to the deployment remained high at 86% in the last wave.", ["86%"]),
    ("Trust in the army fell to 45 percent between the two waves.", ["45 percent"]),
    # a wave of something, or "a new wave", is no survey
    ("A new wave of arrests followed. Support for the crackdown stood at 30% among officials.", []),
    ("The last wave of mobilisation ended in May. Support for it stood at 30%.", []),
    ("Fears of a new wave grew. Support for the government stood at 30%.", []),
], ids=["previous-wave", "last-wave", "two-waves", "wave-of-arrests", "last-wave-of", "a-new-wave"])
def test_a_survey_wave_opens_a_survey_passage(text, shares):
    assert polls(text) == shares
