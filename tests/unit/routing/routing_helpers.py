from chalicelib.domain.routing import RoutingInput, route


def r(title="", body="", **kw):
    return route(RoutingInput(kind=kw.pop("kind", "complaint"), title=title, body=body, **kw))


def codes(decision):
    return [x["code"] for x in decision.reasons]
