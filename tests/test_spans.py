import pytest

from masking.spans import MaskResult, Span, merge_spans


def test_span_rejects_empty_and_negative():
    with pytest.raises(ValueError):
        Span(3, 3, "EMAIL")
    with pytest.raises(ValueError):
        Span(-1, 2, "EMAIL")


def test_merge_keeps_disjoint_and_touching_spans_apart():
    spans = [Span(5, 8, "CITY"), Span(0, 5, "FIRSTNAME")]
    assert merge_spans(spans) == [Span(0, 5, "FIRSTNAME"), Span(5, 8, "CITY")]


def test_containment_takes_the_outer_extent_and_best_label():
    inner = Span(4, 10, "PHONENUMBER", 0.6)
    outer = Span(0, 19, "CREDITCARDNUMBER", 0.9)
    assert merge_spans([inner, outer]) == [Span(0, 19, "CREDITCARDNUMBER", 0.9)]


def test_partial_overlap_masks_the_union():
    merged = merge_spans([Span(0, 6, "USERNAME", 0.9), Span(3, 12, "EMAIL", 0.95)])
    assert [(s.start, s.end, s.label) for s in merged] == [(0, 12, "EMAIL")]


def test_ties_are_resolved_the_same_whatever_the_input_order():
    a, b = Span(0, 5, "SSN", 0.8), Span(0, 5, "ACCOUNTNUMBER", 0.8)
    assert merge_spans([a, b]) == merge_spans([b, a])


def test_chains_of_overlaps_collapse_into_one():
    merged = merge_spans([Span(0, 4, "A", 0.5), Span(3, 8, "B", 0.9), Span(7, 12, "C", 0.5)])
    assert [(s.start, s.end, s.label) for s in merged] == [(0, 12, "B")]


def test_mask_result_labels_are_distinct_in_order():
    result = MaskResult("x", "x", (Span(0, 1, "EMAIL"), Span(2, 3, "IBAN"), Span(4, 5, "EMAIL")), "rules", 0.1)
    assert result.labels == ["EMAIL", "IBAN"]
    assert result.changed


def test_a_rule_names_the_span_a_model_also_found():
    model = Span(10, 27, "TIME", 0.99, "local")
    rule = Span(10, 27, "MAC", 0.85, "mac")
    assert merge_spans([model, rule])[0].label == "MAC"
    assert merge_spans([Span(0, 5, "FIRSTNAME", 0.9, "local"), Span(3, 9, "LASTNAME", 0.95, "local")])[0].label == "LASTNAME"
