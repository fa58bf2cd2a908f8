"""One token module for every private link: 256 random bits, only the digest stored, input
that cannot be a token never looked up."""

from leusden_portal.core import tokens


def test_a_new_token_and_its_digest():
    token, digest = tokens.new_with_digest()
    assert len(token) == 43 and tokens.plausible(token)
    assert digest == tokens.digest(token) and len(digest) == 64 and token not in digest
    assert tokens.new() != tokens.new()


def test_what_cannot_be_a_token_is_refused():
    for value in ("", None, "x" * 101, 12345, b"bytes"):
        assert not tokens.plausible(value)
    assert tokens.plausible("x" * 100)
