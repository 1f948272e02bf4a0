"""Rule recognizers, grouped by what they recognise; `ALL` is the default registry."""
from masking.recognizers import contact, credentials, dates, financial, handles, identifiers, keyed, network, people
from masking.recognizers.base import PatternRecognizer, Recognizer

ALL: tuple[Recognizer, ...] = (
    contact.EMAIL,
    contact.PHONE,
    contact.PROFILE_URL,
    *financial.RECOGNIZERS,
    *identifiers.RECOGNIZERS,
    *network.RECOGNIZERS,
    *credentials.RECOGNIZERS,
    *keyed.RECOGNIZERS,
    *dates.RECOGNIZERS,
    *people.RECOGNIZERS,
    *handles.RECOGNIZERS,
)

__all__ = ["ALL", "PatternRecognizer", "Recognizer"]
