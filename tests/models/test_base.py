from annotator.models import ArticleState, NameKind, Role, Stance, Verdict


def test_labelled_enum_reads_its_value_as_words():
    assert ArticleState.in_review.label == "In review"
    assert [state.label for state in ArticleState] == ["Draft", "In review", "Settled", "Published"]


def test_labelled_enum_serves_every_domain_enum():
    assert (Role.admin.label, Verdict.disputed.label) == ("Admin", "Disputed")
    assert (Stance.disagree.label, NameKind.place.label) == ("Disagree", "Place")
