"""domain.media: which files may ever be public (issue 16 #3)."""
from __future__ import annotations

from chalicelib.domain import media as rules


def test_publish_refusal_rules():
    """The rule the publish API and the public projection share."""
    reporter_file, agency_file = {"by": "reporter"}, {"by": "agency"}
    assert rules.publish_refusal({}, reporter_file) is None
    assert rules.publish_refusal({"confidential": True}, agency_file) == "confidential_media"
    assert rules.publish_refusal({"anonymous": True}, reporter_file) == "anonymous_media"
    assert rules.publish_refusal({"anonymous": True}, {}) == "anonymous_media"  # unknown sender: the reporter's
    assert rules.publish_refusal({"anonymous": True}, agency_file) is None
    published = {"state": rules.AVAILABLE, "public": True, "by": "reporter"}
    assert not rules.visible_to_public({"anonymous": True}, published, listed=True)  # even if marked before
