"""Rule recognizers, grouped by what they recognise; `ALL` is the default registry."""
from masking.recognizers import contact, credentials, dates, financial, identifiers, keyed, network
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
)

__all__ = ["ALL", "PatternRecognizer", "Recognizer"]
